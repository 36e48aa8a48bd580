// The help text: `ic` alone and `ic --help` (the commands by group, then the
// global flags, exit codes and where the documentation is), `ic <group>
// --help` (the commands of a group), and `ic <command> --help` (its usage
// line, arguments, every flag with its placeholder, whether it is required
// and its default, the details, exit codes and examples). The words are the
// spec's (generated/help.ts); this file only lays them out. Loaded, with its
// data, by help only: a chunk of its own in dist/, never on a command's path.
import type { ProgramTable } from './program';

export interface HelpFlag {
  /** --goal */
  option: string;
  /** -f for --follow */
  short?: string;
  /** text in --goal=<text>; absent for a bare switch */
  placeholder?: string;
  required?: true;
  default?: string;
  /** The accepted values when the placeholder does not list them. */
  values?: readonly string[];
  /** "1-5", "at least 0" */
  range?: string;
  description: string;
}

export interface HelpPositional {
  name: string;
  required: boolean;
  values?: readonly string[];
  description: string;
}

export interface HelpCommand {
  summary: string;
  details?: string;
  positionals: readonly HelpPositional[];
  flags: readonly HelpFlag[];
  /** [code, meaning] of the codes the command has besides 0. */
  exits: readonly (readonly [number, string])[];
  examples: readonly (readonly [what: string, line: string])[];
  /** The global flags that do something for this command, as usage shows them. */
  globals: readonly string[];
}

export interface HelpTable {
  /** The top-level help's groups in order: a title and its commands' paths and summaries. */
  groups: readonly { title: string; commands: readonly (readonly [path: string, summary: string])[] }[];
  globals: readonly { usage: string; description: string; details?: string }[];
  exitCodes: readonly (readonly [number, string])[];
  /** Where the documentation is. */
  docs: string;
  commands: Readonly<Record<string, HelpCommand>>;
}

const WIDTH = 80;

/** Words filled into lines of at most `width` columns, the first after `first`, the others after `indent`. */
export function wrap(text: string, indent: string, width = WIDTH, first = indent): string {
  const lines: string[] = [];
  let line = first;
  let empty = true;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (!empty && line.length + 1 + word.length > width) {
      lines.push(line);
      line = indent + word;
    } else {
      line += (empty ? '' : ' ') + word;
    }
    empty = false;
  }
  lines.push(line);
  return lines.join('\n');
}

/** Rows of a two-column list: the left column padded (up to `max`), the right one wrapped beside it. */
function columns(rows: readonly (readonly [left: string, right: string])[], max = 28): string {
  const width = Math.min(max, Math.max(...rows.map(([l]) => l.length))) + 2;
  const pad = ' '.repeat(2 + width);
  return rows
    .map(([left, right]) => {
      if (!right) return `  ${left}`;
      if (left.length + 2 > width) return `  ${left}\n${wrap(right, pad)}`;
      return wrap(right, pad, WIDTH, `  ${left.padEnd(width)}`);
    })
    .join('\n');
}

function globalsSection(help: HelpTable): string {
  const rows: [string, string][] = help.globals.map((g) => [g.usage, g.details ? `${g.description}. ${g.details}` : g.description]);
  rows.push(['-h, --help', 'print help (ic help <command> is <command> --help)'], ['-v, --version', 'print the version']);
  return `Global flags (anywhere on the line):\n${columns(rows, 22)}`;
}

/** `ic`, `ic --help` (words []), and `ic <group> --help`. */
export function topHelp(program: ProgramTable['program'], help: HelpTable, words: readonly string[]): string {
  const prefix = words.join(' ');
  const title = `${program.name} ${program.version}: ${program.description}`;
  const under = (path: string) => !prefix || path === prefix || path.startsWith(prefix + ' ');
  const all = help.groups.flatMap((g) => g.commands);
  const width = Math.max(...all.map(([path]) => path.length)) + 2;
  const line = ([path, summary]: readonly [string, string]) => `  ${path.padEnd(width)}${summary}`;
  if (prefix) {
    const lines = all.filter(([path]) => under(path)).map(line);
    const footer = wrap(
      `Run 'ic ${prefix} <subcommand> --help' for its arguments, flags and examples; 'ic --help' for the global flags.`,
      '',
    );
    return `${title}\n\nUsage: ic [global flags] ${prefix} <subcommand> [args]\n\nCommands:\n${lines.join('\n')}\n\n${footer}\n`;
  }
  const groups = help.groups.map((g) => `${g.title}:\n${g.commands.map(line).join('\n')}`);
  const exits = help.exitCodes.map(([code, meaning]) => wrap(meaning, '     ', WIDTH, `  ${code}  `)).join('\n');
  return `${title}

Usage: ic [global flags] <command> [subcommand] [args]

${groups.join('\n\n')}

Run 'ic <command> --help' (or 'ic help <command>') for a command's arguments,
flags, defaults and examples.

${globalsSection(help)}

Exit codes:
${exits}

${wrap(`Documentation: man ${program.name}; ${help.docs}.`, '', WIDTH, '')}
`;
}

const flagUsage = (f: HelpFlag) => `${f.option}${f.placeholder === undefined ? '' : `=<${f.placeholder}>`}`;
const positionalUsage = (p: HelpPositional) => (p.required ? `<${p.name}>` : `[<${p.name}>]`);

/** A description, then its notes in parentheses when there are any. */
const withNotes = (description: string, notes: readonly string[]) => (notes.length ? `${description} (${notes.join('; ')})` : description);

/** A flag's line after its usage: its description, then required, values, range, default. */
function flagText(f: HelpFlag): string {
  const notes: string[] = [];
  if (f.required) notes.push('required');
  if (f.values) notes.push(`one of ${f.values.join(', ')}`);
  if (f.range) notes.push(f.range);
  if (f.default !== undefined) notes.push(`default ${f.default}`);
  return withNotes(f.description, notes);
}

/** A positional's line after its name: its description, then optional and values. */
const positionalText = (p: HelpPositional) =>
  withNotes(p.description, [...(p.required ? [] : ['optional']), ...(p.values ? [`one of ${p.values.join(', ')}`] : [])]);

/** `ic <command> --help`. */
export function commandHelp(path: string, help: HelpTable): string {
  const c = help.commands[path]!;
  const usageWords = [
    ...c.positionals.map(positionalUsage),
    ...c.flags.filter((f) => f.required).map(flagUsage),
    ...c.flags.filter((f) => !f.required).map((f) => `[${flagUsage(f)}]`),
  ];
  const head = `Usage: ic ${path}`;
  const out = [
    `ic ${path}: ${c.summary}`,
    wrap(usageWords.join(' '), ' '.repeat(head.length + 1), WIDTH, head + (usageWords.length ? ' ' : '')).replace(/ $/, ''),
  ];
  if (c.positionals.length) {
    out.push(`Arguments:\n${columns(c.positionals.map((p) => [`<${p.name}>`, positionalText(p)]))}`);
  }
  if (c.flags.length) {
    out.push(`Options:\n${columns(c.flags.map((f) => [`${f.short ? `-${f.short}, ` : ''}${flagUsage(f)}`, flagText(f)]))}`);
  }
  if (c.details)
    out.push(
      c.details
        .split(/\n\s*\n/)
        .map((p) => wrap(p, ''))
        .join('\n\n'),
    );
  if (c.exits.length) {
    out.push(`Exit codes:\n  0  success\n${c.exits.map(([code, meaning]) => wrap(meaning, '     ', WIDTH, `  ${code}  `)).join('\n')}`);
  }
  if (c.examples.length) {
    out.push(`Examples:\n${c.examples.map(([what, line]) => `  ${what}:\n    $ ${line}`).join('\n\n')}`);
  }
  if (c.globals.length) out.push(wrap(`Global flags (see: ic --help): ${c.globals.join(' ')}`, '  ', WIDTH, ''));
  return `${out.join('\n\n')}\n`;
}
