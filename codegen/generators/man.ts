// man/ic.1: the manual page, in roff (man macros). NAME and SYNOPSIS from the
// binary, COMMANDS with their arguments and flags, GLOBAL FLAGS and EXIT
// STATUS from the spec's declarations; DESCRIPTION, ENVIRONMENT and FILES
// from its `manual` section. `man -l man/ic.1` shows it; npm installs it
// (package.json `man`). Printed with print.ts: text enters through roffText.
import type { Arg, Command, GenContext } from '../context';
import { DO_NOT_EDIT } from '../header';
import { type Code, join, roff, roffText } from '../print';
import type { GeneratedFile } from '../file';

export const MAN_FILE = 'man/ic.1';

const bold = (s: string) => roff`\\fB${roffText(s)}\\fR`;
const italic = (s: string) => roff`\\fI${roffText(s)}\\fR`;
const TP = roff`.TP`;

/** A flag as the synopsis shows it: --name=<value>, [--name] when optional. */
function flagSynopsis(arg: Arg, bracketOptional = true): Code {
  const f = arg.flag!;
  const value = arg.placeholder !== undefined && roff`=${italic(arg.placeholder)}`;
  const text = roff`${bold(arg.option)}${value}`;
  return f.required || !bracketOptional ? text : roff`[${text}]`;
}

function commandSynopsis(command: Command): Code {
  return join(
    [
      bold(`ic ${command.path}`),
      ...command.positionals.map((p) => (p.required ? italic(p.name) : roff`[${italic(p.name)}]`)),
      ...command.flags.map((f) => flagSynopsis(f)),
    ],
    ' ',
  );
}

function flagLines(arg: Arg): Code[] {
  const f = arg.flag!;
  // Values as a list with spaces: a line of them can be filled and adjusted.
  const bits = [arg.values ? `one of ${arg.values.join(', ')}` : f.type];
  if (f.required) bits.push('required');
  if (f.default !== undefined) bits.push(`default ${f.default}`);
  if (f.min !== undefined) bits.push(`min ${f.min}`);
  if (f.max !== undefined) bits.push(`max ${f.max}`);
  return [TP, flagSynopsis(arg, false), roffText(`(${bits.join('; ')}) ${f.description}`)];
}

function commandSection(command: Command): Code[] {
  const lines = [TP, commandSynopsis(command), roffText(`${command.spec.summary}.`)];
  if (command.spec.details) lines.push(roffText(command.spec.details));
  const exits = Object.entries(command.spec.exit_codes ?? {});
  if (exits.length) lines.push(roffText(`Exit ${exits.map(([c, m]) => `${c}: ${typeof m === 'string' ? m : m.meaning}`).join('; ')}.`));
  if (command.positionals.length || command.flags.length) {
    lines.push(roff`.RS`);
    for (const p of command.positionals) lines.push(TP, italic(p.name), roffText(p.description));
    for (const f of command.flags) lines.push(...flagLines(f));
    lines.push(roff`.RE`);
  }
  const examples = command.spec.examples ?? [];
  if (examples.length) {
    lines.push(roff`.RS`, roff`.sp`, roffText('Examples:'));
    for (const [what, line] of examples) lines.push(roff`.sp`, roffText(`${what}:`), roff`.br`, bold(line));
    lines.push(roff`.RE`);
  }
  return lines;
}

export function manPage(ctx: GenContext): string {
  const spec = ctx.spec;
  const { name, version, description } = spec.binary;
  const manual = spec.manual;
  const out: Code[] = [
    roff`.\\" ${roffText(DO_NOT_EDIT)}`,
    roff`.TH ${roffText(name.toUpperCase())} 1 "" "${roffText(`${name} ${version}`)}" "User Commands"`,
    roff`.SH NAME`,
    roff`${roffText(name)} \\- ${roffText(description)}`,
    roff`.SH SYNOPSIS`,
    roff`${bold(name)} [${italic('global flags')}] ${italic('command')} [${italic('subcommand')}] [${italic('args')}]`,
    roff`.br`,
    roff`${bold(`${name} help`)} [${italic('command')} ...]`,
    roff`.br`,
    roff`${bold(`${name} --version`)} | ${bold('-v')}`,
    roff`.SH DESCRIPTION`,
    roffText(manual?.description ?? description),
    roff`.PP`,
    roffText(
      `${name} help [command ...] prints what ${name} [command ...] --help (or -h) prints: ${name} alone or --help the commands by group, a command's --help its arguments, flags (placeholder, required or default), exit codes and examples. ${name} --version (or -v) prints the version; ${name} version also the database's schema version. An unknown command, subcommand or flag is a usage error (exit 3) that names the closest known one.`,
    ),
    roff`.SH GLOBAL FLAGS`,
    roffText('Accepted anywhere on the command line.'),
  ];
  for (const g of spec.global_flags) {
    const value = g.type !== 'boolean' && roff`=${italic(g.value_name ?? g.type)}`;
    const bits = [g.type, ...(g.default !== undefined ? [`default ${g.default}`] : [])];
    out.push(TP, roff`${bold(`--${g.name}`)}${value}`, roffText(`(${bits.join(', ')}) ${g.description}`));
    if (g.details) out.push(roff`.br`, roffText(g.details.trim()));
  }
  out.push(TP, roff`${bold('-h')}, ${bold('--help')}`, roffText('Print help: of ic, of a group of commands, or of a command.'));
  out.push(roff`.SH COMMANDS`);
  for (const command of ctx.commands) out.push(...commandSection(command));
  out.push(roff`.SH EXIT STATUS`);
  for (const e of spec.exit_codes) out.push(TP, bold(String(e.code)), roffText(`${e.name}: ${e.meaning}`));
  if (manual) {
    out.push(roff`.SH ENVIRONMENT`);
    for (const [variable, meaning] of Object.entries(manual.environment)) out.push(TP, bold(variable), roffText(meaning));
    out.push(roff`.SH FILES`);
    for (const [file, meaning] of Object.entries(manual.files)) out.push(TP, italic(file), roffText(meaning));
  }
  out.push(
    roff`.SH DATABASE`,
    roffText(
      `The tables of schema v${spec.schema_version} (the database file is an interface: other programs read it). Timestamps are Unix seconds; booleans are 0/1.`,
    ),
  );
  for (const t of ctx.tables) {
    out.push(TP, bold(t.name), roffText(`${t.spec.description}.`));
    for (const c of t.columns.filter((c) => c.spec.description)) out.push(roff`.br`, roffText(`${c.name}: ${c.spec.description}`));
  }
  out.push(roff`.SH SEE ALSO`, roffText(`${spec.help?.docs ?? 'AGENTS.md and README.md in the package'}.`));
  return `${join(out).text}\n`;
}

export function generateMan(ctx: GenContext): GeneratedFile[] {
  return [{ path: MAN_FILE, content: manPage(ctx) }];
}
