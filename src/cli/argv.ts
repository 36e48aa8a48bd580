// Splitting argv: the global flags come out wherever they stand (before the
// command, between its words, after its own flags), the words of a command
// path are found, and the rest is left, in order, for clipanion. Driven by
// the tables of generated/cli.ts (the global flags, the commands), so it
// holds no names of the spec.
import type { CommandClass } from 'clipanion';
import type { GlobalFlags, IcContext } from '../../generated/cli';
import { duration } from './values';

/** What a global flag's field holds decides how its value is read: a bare switch, a duration (in ms), or text as given. */
type GlobalKind<T> = T extends boolean ? 'boolean' : T extends number ? 'duration' : 'string';

/** A global flag: its field of GlobalFlags, its option, and how its value is read (checked against the field's type). */
export type GlobalFlagDef = {
  [K in keyof GlobalFlags]-?: {
    name: K;
    option: string;
    type: GlobalKind<NonNullable<GlobalFlags[K]>>;
    /** The only values a text flag takes (spec type enum). */
    values?: readonly NonNullable<GlobalFlags[K]>[];
  };
}[keyof GlobalFlags];

/** A command as the front door knows it (all it needs to find and load it: this table is read by every start). */
export interface CommandEntry {
  path: string;
  words: readonly string[];
  /** Global flags that this command's own flags take over after its path (absent: none). */
  shadows?: readonly string[];
  /** The exit of every error of a command with exit codes of its own (spec error_exit), a usage error included. */
  errorExit?: number;
  load(): Promise<CommandClass<IcContext>>;
}

/** The spec's side of argv: the global flags with their defaults, and the commands. */
export interface ArgvTable {
  globalFlags: readonly GlobalFlagDef[];
  globalDefaults: Readonly<GlobalFlags>;
  commands: readonly CommandEntry[];
}

export class ArgvError extends Error {}

export interface SplitArgv {
  globals: GlobalFlags;
  /** The command path words found. */
  words: string[];
  /** The command, when the words name one. */
  entry?: CommandEntry;
  /** Everything else, in order, for clipanion. */
  rest: string[];
}

/** Whether the words begin (or are) a command path. */
export function isPathPrefix(table: ArgvTable, words: readonly string[]): boolean {
  const prefix = words.join(' ');
  return table.commands.some((c) => c.path === prefix || c.path.startsWith(prefix + ' '));
}

/** The words that may follow a command family (`run` -> create, status, ...), in the spec's order. */
export function subcommands(table: ArgvTable, words: readonly string[]): string[] {
  const prefix = words.length ? words.join(' ') + ' ' : '';
  return [...new Set(table.commands.filter((c) => c.path.startsWith(prefix)).map((c) => c.words[words.length]!))];
}

function setGlobal(globals: GlobalFlags, def: GlobalFlagDef, raw: string | undefined): void {
  const values = def.values as readonly unknown[] | undefined;
  if (values && !values.includes(raw)) throw new ArgvError(`invalid ${def.option} value "${raw}": want one of ${values.join(', ')}`);
  const value = def.type === 'boolean' ? true : def.type === 'duration' ? duration(def.option, raw!) : raw!;
  // GlobalFlagDef ties each name to the kind of value its field holds.
  (globals as unknown as Record<string, unknown>)[def.name] = value;
}

/** Pulls the global flags out of argv, wherever they stand, and finds the command path. */
export function splitArgv(table: ArgvTable, argv: readonly string[]): SplitArgv {
  const globals: GlobalFlags = { ...table.globalDefaults };
  const words: string[] = [];
  const rest: string[] = [];
  let entry: CommandEntry | undefined;
  let inPath = true;
  let afterDashDash = false;
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (afterDashDash) {
      rest.push(token);
      continue;
    }
    if (token === '--') {
      afterDashDash = true;
      rest.push(token);
      continue;
    }
    const eq = token.indexOf('=');
    const option = eq === -1 ? token : token.slice(0, eq);
    const def = table.globalFlags.find((g) => g.option === option);
    if (def && !entry?.shadows?.includes(def.name)) {
      const takesValue = def.type !== 'boolean';
      let raw: string | undefined = eq === -1 ? undefined : token.slice(eq + 1);
      if (takesValue && raw === undefined) {
        raw = argv[++i];
        if (raw === undefined) throw new ArgvError(`missing value for ${def.option}`);
      } else if (!takesValue && raw !== undefined) {
        throw new ArgvError(`${def.option} takes no value`);
      }
      setGlobal(globals, def, raw);
      continue;
    }
    if (inPath && !token.startsWith('-') && isPathPrefix(table, [...words, token])) {
      words.push(token);
      const path = words.join(' ');
      entry = table.commands.find((c) => c.path === path);
      if (entry) inPath = false;
      continue;
    }
    // A flag before the command's words (`ic --jsno run list`) does not end them: the command is still
    // found, and its parser names the flag (with "did you mean") instead of "run: unknown command".
    if (!(inPath && !entry && token.startsWith('-'))) inPath = false;
    rest.push(token);
  }
  return { globals, words, entry, rest };
}
