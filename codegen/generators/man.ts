// man/ic.1: the manual page, in roff (man macros). NAME and SYNOPSIS from the
// binary, COMMANDS with their arguments and flags, GLOBAL FLAGS and EXIT
// STATUS from the spec's declarations; DESCRIPTION, ENVIRONMENT and FILES
// from its `manual` section. `man -l man/ic.1` shows it; npm installs it
// (package.json `man`).
import type { Arg, Command, GenContext } from '../context';
import { DO_NOT_EDIT } from '../header';
import type { GeneratedFile } from '../render';

export const MAN_FILE = 'man/ic.1';

/** Text as roff: backslashes and dashes escaped, characters beyond ASCII as \[uXXXX], no line starting with a control character. */
export function roff(text: string): string {
  return text
    .replace(/\\/g, '\\e')
    .replace(/-/g, '\\-')
    .replace(/'/g, '\\(aq')
    .replace(/[^\x00-\x7f]/gu, (c) => `\\[u${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]`)
    .replace(/\s*\n\s*/g, ' ')
    .trim()
    .replace(/^([.'])/, '\\&$1');
}

const bold = (s: string) => `\\fB${roff(s)}\\fR`;
const italic = (s: string) => `\\fI${roff(s)}\\fR`;

/** A flag as the synopsis shows it: --name=<value>, [--name] when optional. */
function flagSynopsis(arg: Arg): string {
  const f = arg.flag!;
  const value = f.type === 'boolean' ? '' : `=${italic(f.value_name ?? (f.type === 'enum' ? arg.values!.join('|') : f.type))}`;
  const text = `${bold(arg.option)}${value}`;
  return f.required ? text : `[${text}]`;
}

function commandSynopsis(command: Command): string {
  const parts = [bold(`ic ${command.path}`)];
  for (const p of command.positionals) parts.push(p.required ? italic(p.name) : `[${italic(p.name)}]`);
  for (const f of command.flags) parts.push(flagSynopsis(f));
  return parts.join(' ');
}

function flagLine(arg: Arg): string[] {
  const f = arg.flag!;
  const bits = [f.type === 'enum' ? arg.values!.join('|') : f.type];
  if (f.required) bits.push('required');
  if (f.default !== undefined) bits.push(`default ${f.default}`);
  if (f.min !== undefined) bits.push(`min ${f.min}`);
  if (f.max !== undefined) bits.push(`max ${f.max}`);
  return ['.TP', flagSynopsis(arg).replace(/^\[(.*)\]$/, '$1'), roff(`(${bits.join(', ')})${f.description ? ` ${f.description}` : ''}`)];
}

function commandSection(ctx: GenContext, command: Command): string[] {
  const lines = ['.TP', commandSynopsis(command), roff(`${command.spec.summary}.`)];
  if (command.spec.details) lines.push(roff(command.spec.details));
  const exits = Object.entries(command.spec.exit_codes ?? {});
  if (exits.length) lines.push(roff(`Exit ${exits.map(([c, m]) => `${c}: ${typeof m === 'string' ? m : m.meaning}`).join('; ')}.`));
  const described = command.positionals.filter((p) => p.description);
  if (described.length || command.flags.length) {
    lines.push('.RS');
    for (const p of described) lines.push('.TP', italic(p.name), roff(p.description!));
    for (const f of command.flags) lines.push(...flagLine(f));
    lines.push('.RE');
  }
  void ctx;
  return lines;
}

export function manPage(ctx: GenContext): string {
  const spec = ctx.spec;
  const { name, version, description } = spec.binary;
  const manual = spec.manual;
  const out = [
    `.\\" ${DO_NOT_EDIT}`,
    `.TH ${name.toUpperCase()} 1 "" "${name} ${version}" "User Commands"`,
    '.SH NAME',
    `${name} \\- ${roff(description)}`,
    '.SH SYNOPSIS',
    `${bold(name)} [${italic('global flags')}] ${italic('command')} [${italic('subcommand')}] [${italic('args')}]`,
    '.br',
    `${bold(`${name} help`)} [${italic('command')} ...]`,
    '.br',
    `${bold(`${name} --version`)}`,
    '.SH DESCRIPTION',
    roff(manual?.description ?? description),
    '.PP',
    roff(
      `${name} help [command ...] prints what ${name} [command ...] --help prints. ${name} --version prints the version; ${name} version also the database's schema version. An unknown command, subcommand or flag is a usage error (exit 3) that names the closest known one.`,
    ),
    '.SH GLOBAL FLAGS',
    roff('Accepted anywhere on the command line.'),
  ];
  for (const g of spec.global_flags) {
    const value = g.type === 'boolean' ? '' : `=${italic(g.value_name ?? g.type)}`;
    const bits = [g.type, ...(g.default !== undefined ? [`default ${g.default}`] : [])];
    out.push('.TP', `${bold(`--${g.name}`)}${value}`, roff(`(${bits.join(', ')})${g.description ? ` ${g.description}` : ''}`));
  }
  out.push('.SH COMMANDS');
  for (const command of ctx.commands) out.push(...commandSection(ctx, command));
  out.push('.SH EXIT STATUS');
  for (const e of spec.exit_codes) out.push('.TP', bold(String(e.code)), roff(`${e.name}: ${e.meaning}`));
  if (manual) {
    out.push('.SH ENVIRONMENT');
    for (const [variable, meaning] of Object.entries(manual.environment)) out.push('.TP', bold(variable), roff(meaning));
    out.push('.SH FILES');
    for (const [file, meaning] of Object.entries(manual.files)) out.push('.TP', italic(file), roff(meaning));
  }
  out.push('.SH SEE ALSO', roff('AGENTS.md and README.md in the package (npm root -g prints where: intercore/).'));
  return out.join('\n') + '\n';
}

export function generateMan(ctx: GenContext): GeneratedFile[] {
  return [{ path: MAN_FILE, content: manPage(ctx) }];
}
