// generated/cli.ts: the spec's side of the front door, as data: the
// program, the global flags (their type, how each is read, their
// defaults), and the commands with a lazy loader each (so only the command
// that runs is loaded, which keeps start-up fast). It is in every start, so
// a command there is its path, the global flags it takes over and its
// loader, nothing more; what only help and usage errors need (the usage
// text's lines, each command's flags for "did you mean") is in
// generated/usage.ts, loaded by those. The runtime that reads them is
// handwritten: src/cli/argv.ts (splitting argv) and src/cli/program.ts
// (help, usage errors, clipanion). Also generated/commands/base.ts, where
// the command classes find their base (IcCommand, printed here). Printed with
// print.ts.
import { parseDurationMs } from '../../src/cli/values';
import type { Arg, Command, GenContext } from '../context';
import { helpGroupOf } from '../spec/references';
import { header } from '../header';
import { Imports } from '../imports';
import { type Code, doc, join, lit, name, prop, raw, ts } from '../print';
import type { GeneratedFile } from '../file';
import type { GlobalFlagSpec } from '../spec/metaschema';

const FILE = 'generated/cli.ts';
const USAGE_FILE = 'generated/usage.ts';
const HELP_FILE = 'generated/help.ts';

/** A flag as usage shows it: --goal=<text>, --json. */
export const flagUsage = (f: Arg): string => `${f.option}${f.placeholder === undefined ? '' : `=<${f.placeholder}>`}`;

/** A global flag as usage shows it: --db=<path>, --json. */
export const globalUsage = (g: GlobalFlagSpec): string => `--${g.name}${g.type === 'boolean' ? '' : `=<${g.value_name ?? g.type}>`}`;

export function synopsis(command: Command): string {
  const parts = [command.path];
  for (const p of command.positionals) parts.push(p.required ? `<${p.name}>` : `[<${p.name}>]`);
  for (const f of command.flags) parts.push(f.flag!.required ? flagUsage(f) : `[${flagUsage(f)}]`);
  return parts.join(' ');
}

/** The commands people see: all but the hidden ones (helpers of the completion scripts). */
export const visible = (commands: readonly Command[]): Command[] => commands.filter((c) => !c.spec.hidden);

/** The global flags that do something for a command, as usage shows them. */
export const commandGlobals = (ctx: GenContext, command: Command): string[] =>
  ctx.spec.global_flags.filter((g) => !command.shadows.includes(g.name) && !command.ignoredGlobals.includes(g.name)).map(globalUsage);

/** How src/cli/argv.ts reads a global flag's value, and the type of its field (an enum: text, one of its values). */
function globalKind(g: GlobalFlagSpec): { kind: 'boolean' | 'duration' | 'string'; type: Code; values?: readonly string[] } {
  switch (g.type) {
    case 'enum':
      if (!Array.isArray(g.values)) throw new Error(`global flag --${g.name}: an enum lists its values`);
      return {
        kind: 'string',
        type: join(
          g.values.map((v) => lit(v)),
          ' | ',
        ),
        values: g.values,
      };
    case 'boolean':
      return { kind: 'boolean', type: ts`boolean` };
    case 'duration':
      return { kind: 'duration', type: ts`number` };
    case 'string':
      return { kind: 'string', type: ts`string` };
    default:
      throw new Error(`global flag --${g.name}: type ${g.type} is not supported (boolean, duration, string or enum)`);
  }
}

/** A global flag's value when it is not given; undefined when it has none. */
function globalDefault(g: GlobalFlagSpec): Code | undefined {
  if (g.type === 'boolean') return lit(false);
  if (g.default === undefined) return undefined;
  if (g.type === 'duration') {
    const ms = parseDurationMs(String(g.default));
    if (ms === undefined) throw new Error(`global flag --${g.name}: default ${g.default} is not a duration`);
    return lit(ms);
  }
  return lit(g.default);
}

function commandEntry(c: Command): Code {
  return ts`{
    path: ${lit(c.path)},
    words: ${lit(c.words)},${
      c.shadows.length > 0 &&
      ts`
    shadows: ${lit(c.shadows)},`
    }${
      c.spec.error_exit !== undefined &&
      ts`
    errorExit: ${lit(c.spec.error_exit)},`
    }
    load: () => import(${lit(`./commands/${c.words.join('/')}`)}).then((m) => ${prop(ts`m`, c.className)}),
  },`;
}

function cliFile(ctx: GenContext): string {
  const spec = ctx.spec;
  const imports = new Imports(FILE)
    .type('clipanion', 'BaseContext')
    .type('src/cli/argv', 'CommandEntry', 'GlobalFlagDef')
    .type('src/cli/program', 'ProgramTable')
    .value('src/cli/program', 'runProgram')
    .type('src/cli/run-command', 'RunIo');
  const globals = spec.global_flags.map((g) => ({ spec: g, ...globalKind(g), default: globalDefault(g) }));
  const program = { name: spec.binary.name, version: spec.binary.version, description: spec.binary.description };
  return ts`${raw(header('ts'))}
${raw(imports.render())}

export const PROGRAM = ${lit(program)} as const;

export interface GlobalFlags {
${globals.map((g) => ts`  ${name(g.spec.name)}${g.default === undefined && ts`?`}: ${g.type};`)}
}

export type IcContext = BaseContext & RunIo & { globals: GlobalFlags };

const GLOBAL_FLAGS: readonly GlobalFlagDef[] = ${lit(
    globals.map((g) => ({ name: g.spec.name, option: `--${g.spec.name}`, type: g.kind, ...(g.values && { values: g.values }) })),
  )};

const GLOBAL_DEFAULTS: Readonly<GlobalFlags> = { ${join(
    globals.filter((g) => g.default !== undefined).map((g) => ts`${name(g.spec.name)}: ${g.default}`),
    ', ',
  )} };

// Each class is loaded only when its command runs.
export const COMMANDS: readonly CommandEntry[] = [
${ctx.commands.map(commandEntry)}
];

const TABLE: ProgramTable = {
  program: PROGRAM,
  globalFlags: GLOBAL_FLAGS,
  globalDefaults: GLOBAL_DEFAULTS,
  commands: COMMANDS,
  usage: () => import('./usage').then((m) => m.USAGE),
  help: () => import('./help').then((m) => m.HELP),
};

${doc('Runs ic on argv; resolves to the exit code.')}
export function main(argv: readonly string[], io: RunIo): Promise<number> {
  return runProgram(TABLE, argv, io);
}
`.text;
}

/** generated/usage.ts: what only usage errors need. */
function usageFile(ctx: GenContext): string {
  const imports = new Imports(USAGE_FILE).type('src/cli/program', 'UsageTable');
  return ts`${raw(header('ts'))}
${raw(imports.render())}

export const USAGE: UsageTable = {
  flags: {
${ctx.commands.filter((c) => c.flags.length > 0).map((c) => ts`    ${lit(c.path)}: ${lit(c.flags.map((f) => f.option))},`)}
  },
};
`.text;
}

/** A flag's range, in words: "1-5", "at least 0", "at most 99". */
function range(f: Arg): string | undefined {
  const { min, max } = f.flag!;
  if (min !== undefined && max !== undefined) return `${min}-${max}`;
  if (min !== undefined) return `at least ${min}`;
  if (max !== undefined) return `at most ${max}`;
  return undefined;
}

/** One command's help, as data (src/cli/help.ts lays it out). */
function commandHelp(ctx: GenContext, c: Command): object {
  const placeholderListsValues = (f: Arg) => f.values !== undefined && f.placeholder === f.values.join('|');
  const flags = c.flags.map((f) => ({
    option: f.option,
    ...(f.flag!.short && { short: f.flag!.short }),
    ...(f.placeholder !== undefined && { placeholder: f.placeholder }),
    ...(f.flag!.required && { required: true }),
    ...(f.flag!.default !== undefined &&
      !(f.flag!.type === 'boolean' && f.flag!.default === false) && { default: String(f.flag!.default) }),
    ...(f.values && !placeholderListsValues(f) && { values: f.values }),
    ...(range(f) !== undefined && { range: range(f) }),
    description: f.description,
  }));
  const positionals = c.positionals.map((p) => ({
    name: p.name,
    required: p.required,
    ...(p.values && { values: p.values }),
    description: p.description,
  }));
  return {
    summary: c.spec.summary,
    ...(c.spec.details && { details: c.spec.details.trim() }),
    positionals,
    flags,
    exits: Object.entries(c.spec.exit_codes ?? {}).map(([code, m]) => [Number(code), typeof m === 'string' ? m : m.meaning]),
    examples: c.spec.examples ?? [],
    globals: commandGlobals(ctx, c),
  };
}

/** generated/help.ts: what only help needs (the groups, the footer's words, each command's help). */
function helpFile(ctx: GenContext): string {
  const spec = ctx.spec;
  const imports = new Imports(HELP_FILE).type('src/cli/help', 'HelpTable');
  const shown = visible(ctx.commands);
  // Without help.groups in the spec, one group of every command.
  const declared = (spec.help?.groups ?? []).map((g, i) => ({
    title: g.title,
    commands: shown.filter((c) => helpGroupOf(spec, c.path) === i),
  }));
  const other = shown.filter((c) => helpGroupOf(spec, c.path) === undefined);
  const groups = [...declared, ...(other.length ? [{ title: declared.length ? 'Other commands' : 'Commands', commands: other }] : [])];
  const table = {
    groups: groups.map((g) => ({ title: g.title, commands: g.commands.map((c) => [c.path, c.spec.summary]) })),
    globals: spec.global_flags.map((g) => ({
      usage: globalUsage(g),
      description: g.description,
      ...(g.details && { details: g.details.trim() }),
    })),
    exitCodes: spec.exit_codes.map((e) => [e.code, e.meaning]),
    docs: spec.help?.docs ?? 'man ic',
  };
  return ts`${raw(header('ts'))}
${raw(imports.render())}

export const HELP: HelpTable = {
  ...${lit(table)},
  commands: {
${ctx.commands.map((c) => ts`    ${lit(c.path)}: ${lit(commandHelp(ctx, c))},`)}
  },
};
`.text;
}

export function generateCli(ctx: GenContext): GeneratedFile[] {
  return [
    { path: FILE, content: cliFile(ctx) },
    { path: USAGE_FILE, content: usageFile(ctx) },
    { path: HELP_FILE, content: helpFile(ctx) },
    {
      path: 'generated/commands/base.ts',
      content: ts`${raw(header('ts'))}
// The base of every generated command class. Global flags are split out of
// argv before clipanion sees it (they may stand anywhere) and reach a command
// through \`this.context.globals\`; \`run\` hands the rest to src/cli/run-command.ts,
// the same way for every command.
import { Command } from 'clipanion';
import type { ContextFor, DbMode } from '../../src/cli/context';
import type { Output } from '../../src/cli/output';
import { type CommandInfo, runCommand } from '../../src/cli/run-command';
import type { IcContext } from '../cli';

export abstract class IcCommand extends Command<IcContext> {
  /**
   * clipanion's state machine of this command, as JSON: compiled by
   * clipanion from this class at build time and set on the class in its
   * chunk of dist/ (scripts/clipanion-machines.cjs). Absent from source.
   */
  static icMachine?: string;

  protected run<M extends DbMode, D>(
    info: CommandInfo<M>,
    body: (ctx: ContextFor<M>) => D | Promise<D>,
    output: Output<D>,
  ): Promise<number> {
    return runCommand(info, this.context, body, output);
  }
}
`.text,
    },
  ];
}
