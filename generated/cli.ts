// GENERATED from spec/intercore.yaml by codegen/. DO NOT EDIT: change the spec (or codegen/) and run `npm run gen`.

import { Cli, type BaseContext, type CommandClass } from 'clipanion';
import type { RunIo } from '../src/cli/run-command';
import { duration } from '../src/cli/values';

export const PROGRAM = { name: 'ic', version: '0.4.0', description: 'the intercore kernel, state and orchestration for agent-workflow hooks' } as const;

export interface GlobalFlags {
  db?: string;
  timeout: number;
  json: boolean;
  verbose: boolean;
}

export type IcContext = BaseContext & RunIo & { globals: GlobalFlags };

interface GlobalFlagDef {
  name: keyof GlobalFlags;
  option: string;
  takesValue: boolean;
}

const GLOBAL_FLAGS: readonly GlobalFlagDef[] = [
  { name: 'db', option: '--db', takesValue: true },
  { name: 'timeout', option: '--timeout', takesValue: true },
  { name: 'json', option: '--json', takesValue: false },
  { name: 'verbose', option: '--verbose', takesValue: false },
];

function defaultGlobals(): GlobalFlags {
  return { timeout: 5000, json: false, verbose: false,  };
}

function setGlobal(globals: GlobalFlags, def: GlobalFlagDef, raw: string | undefined): void {
  switch (def.name) {
    case 'db':
      globals.db = raw!;
            break;
    case 'timeout':
      globals.timeout = duration('--timeout', raw!);
      break;
    case 'json':
      globals.json = true;
      break;
    case 'verbose':
      globals.verbose = true;
      break;
  }
}

export interface CommandEntry {
  path: string;
  words: readonly string[];
  summary: string;
  /** Global flags that this command's own flags take over after its path. */
  shadows: readonly string[];
  synopsis: string;
  load(): Promise<CommandClass<IcContext>>;
}

// Each class is loaded only when its command runs.
export const COMMANDS: readonly CommandEntry[] = [
  {
    path: 'init',
    words: ["init"],
    summary: "Create or migrate the database to the current schema",
    shadows: [],
    synopsis: "ic init",
    load: () => import('./commands/init').then((m) => m.InitCommand),
  },
  {
    path: 'version',
    words: ["version"],
    summary: "Print the ic version and the database schema version",
    shadows: [],
    synopsis: "ic version",
    load: () => import('./commands/version').then((m) => m.VersionCommand),
  },
  {
    path: 'health',
    words: ["health"],
    summary: "Check that the database is readable, migrated and has disk space",
    shadows: [],
    synopsis: "ic health",
    load: () => import('./commands/health').then((m) => m.HealthCommand),
  },
  {
    path: 'completion',
    words: ["completion"],
    summary: "Print a shell completion script",
    shadows: [],
    synopsis: "ic completion <shell>",
    load: () => import('./commands/completion').then((m) => m.CompletionCommand),
  },
  {
    path: 'state set',
    words: ["state","set"],
    summary: "Store a JSON payload under (key, scope_id)",
    shadows: [],
    synopsis: "ic state set <key> <scope_id> [<file>] [--ttl=<duration>]",
    load: () => import('./commands/state/set').then((m) => m.StateSetCommand),
  },
  {
    path: 'state get',
    words: ["state","get"],
    summary: "Print the payload stored under (key, scope_id)",
    shadows: [],
    synopsis: "ic state get <key> <scope_id>",
    load: () => import('./commands/state/get').then((m) => m.StateGetCommand),
  },
  {
    path: 'state delete',
    words: ["state","delete"],
    summary: "Delete the entry under (key, scope_id)",
    shadows: [],
    synopsis: "ic state delete <key> <scope_id>",
    load: () => import('./commands/state/delete').then((m) => m.StateDeleteCommand),
  },
  {
    path: 'state list',
    words: ["state","list"],
    summary: "List the scope_ids with a live entry under a key",
    shadows: [],
    synopsis: "ic state list <key>",
    load: () => import('./commands/state/list').then((m) => m.StateListCommand),
  },
  {
    path: 'state prune',
    words: ["state","prune"],
    summary: "Delete expired entries",
    shadows: [],
    synopsis: "ic state prune",
    load: () => import('./commands/state/prune').then((m) => m.StatePruneCommand),
  },
  {
    path: 'sentinel check',
    words: ["sentinel","check"],
    summary: "Claim a throttle sentinel atomically",
    shadows: [],
    synopsis: "ic sentinel check <name> <scope_id> --interval=<sec>",
    load: () => import('./commands/sentinel/check').then((m) => m.SentinelCheckCommand),
  },
  {
    path: 'sentinel reset',
    words: ["sentinel","reset"],
    summary: "Forget when a sentinel last fired",
    shadows: [],
    synopsis: "ic sentinel reset <name> <scope_id>",
    load: () => import('./commands/sentinel/reset').then((m) => m.SentinelResetCommand),
  },
  {
    path: 'sentinel list',
    words: ["sentinel","list"],
    summary: "List sentinels",
    shadows: [],
    synopsis: "ic sentinel list",
    load: () => import('./commands/sentinel/list').then((m) => m.SentinelListCommand),
  },
  {
    path: 'sentinel prune',
    words: ["sentinel","prune"],
    summary: "Delete sentinels that last fired longer ago than a duration",
    shadows: [],
    synopsis: "ic sentinel prune --older-than=<dur>",
    load: () => import('./commands/sentinel/prune').then((m) => m.SentinelPruneCommand),
  },
  {
    path: 'compat status',
    words: ["compat","status"],
    summary: "Show, per legacy key, whether legacy temp files and DB state exist",
    shadows: [],
    synopsis: "ic compat status",
    load: () => import('./commands/compat/status').then((m) => m.CompatStatusCommand),
  },
  {
    path: 'compat check',
    words: ["compat","check"],
    summary: "Say whether a legacy key has live state in the DB",
    shadows: [],
    synopsis: "ic compat check <key>",
    load: () => import('./commands/compat/check').then((m) => m.CompatCheckCommand),
  },
  {
    path: 'dispatch spawn',
    words: ["dispatch","spawn"],
    summary: "Start an agent process detached and track it",
    shadows: ["timeout"],
    synopsis: "ic dispatch spawn [--type=<string>] --prompt-file=<path> [--project=<dir>] [--output=<path>] [--name=<string>] [--model=<string>] [--sandbox=<string>] [--timeout=<duration>] [--scope-id=<string>] [--parent-id=<string>] [--dispatch-sh=<path>]",
    load: () => import('./commands/dispatch/spawn').then((m) => m.DispatchSpawnCommand),
  },
  {
    path: 'dispatch status',
    words: ["dispatch","status"],
    summary: "Show a dispatch",
    shadows: [],
    synopsis: "ic dispatch status <id>",
    load: () => import('./commands/dispatch/status').then((m) => m.DispatchStatusCommand),
  },
  {
    path: 'dispatch list',
    words: ["dispatch","list"],
    summary: "List dispatches, newest first",
    shadows: [],
    synopsis: "ic dispatch list [--active] [--scope=<string>]",
    load: () => import('./commands/dispatch/list').then((m) => m.DispatchListCommand),
  },
  {
    path: 'dispatch poll',
    words: ["dispatch","poll"],
    summary: "Refresh a dispatch from its process and sidecar files",
    shadows: [],
    synopsis: "ic dispatch poll <id>",
    load: () => import('./commands/dispatch/poll').then((m) => m.DispatchPollCommand),
  },
  {
    path: 'dispatch wait',
    words: ["dispatch","wait"],
    summary: "Poll a dispatch until it ends",
    shadows: ["timeout"],
    synopsis: "ic dispatch wait <id> [--timeout=<duration>] [--poll=<duration>]",
    load: () => import('./commands/dispatch/wait').then((m) => m.DispatchWaitCommand),
  },
  {
    path: 'dispatch kill',
    words: ["dispatch","kill"],
    summary: "Stop a dispatch (SIGTERM, 5 s grace, SIGKILL)",
    shadows: [],
    synopsis: "ic dispatch kill <id>",
    load: () => import('./commands/dispatch/kill').then((m) => m.DispatchKillCommand),
  },
  {
    path: 'dispatch prune',
    words: ["dispatch","prune"],
    summary: "Delete terminal dispatches created longer ago than a duration",
    shadows: [],
    synopsis: "ic dispatch prune --older-than=<dur>",
    load: () => import('./commands/dispatch/prune').then((m) => m.DispatchPruneCommand),
  },
  {
    path: 'run create',
    words: ["run","create"],
    summary: "Start a run in phase brainstorm",
    shadows: [],
    synopsis: "ic run create [--project=<dir>] --goal=<string> [--complexity=<N>] [--scope-id=<string>]",
    load: () => import('./commands/run/create').then((m) => m.RunCreateCommand),
  },
  {
    path: 'run status',
    words: ["run","status"],
    summary: "Show a run",
    shadows: [],
    synopsis: "ic run status <id>",
    load: () => import('./commands/run/status').then((m) => m.RunStatusCommand),
  },
  {
    path: 'run advance',
    words: ["run","advance"],
    summary: "Move a run to its next phase",
    shadows: [],
    synopsis: "ic run advance <id> [--priority=<N>] [--disable-gates] [--skip-reason=<string>]",
    load: () => import('./commands/run/advance').then((m) => m.RunAdvanceCommand),
  },
  {
    path: 'run phase',
    words: ["run","phase"],
    summary: "Print a run's phase",
    shadows: [],
    synopsis: "ic run phase <id>",
    load: () => import('./commands/run/phase').then((m) => m.RunPhaseCommand),
  },
  {
    path: 'run list',
    words: ["run","list"],
    summary: "List runs, newest first",
    shadows: [],
    synopsis: "ic run list [--active] [--scope=<string>]",
    load: () => import('./commands/run/list').then((m) => m.RunListCommand),
  },
  {
    path: 'run events',
    words: ["run","events"],
    summary: "List a run's phase events, oldest first",
    shadows: [],
    synopsis: "ic run events <id>",
    load: () => import('./commands/run/events').then((m) => m.RunEventsCommand),
  },
  {
    path: 'run cancel',
    words: ["run","cancel"],
    summary: "Cancel an active run",
    shadows: [],
    synopsis: "ic run cancel <id>",
    load: () => import('./commands/run/cancel').then((m) => m.RunCancelCommand),
  },
  {
    path: 'run set',
    words: ["run","set"],
    summary: "Change a run's complexity, auto-advance or force-full setting",
    shadows: [],
    synopsis: "ic run set <id> [--complexity=<N>] [--auto-advance=<bool>] [--force-full=<bool>]",
    load: () => import('./commands/run/set').then((m) => m.RunSetCommand),
  },
  {
    path: 'run current',
    words: ["run","current"],
    summary: "Print the most recent active run of a project",
    shadows: [],
    synopsis: "ic run current [--project=<dir>]",
    load: () => import('./commands/run/current').then((m) => m.RunCurrentCommand),
  },
  {
    path: 'run agent add',
    words: ["run","agent","add"],
    summary: "Add an agent to a run",
    shadows: [],
    synopsis: "ic run agent add <run_id> [--type=<string>] [--name=<string>] [--dispatch-id=<string>]",
    load: () => import('./commands/run/agent/add').then((m) => m.RunAgentAddCommand),
  },
  {
    path: 'run agent list',
    words: ["run","agent","list"],
    summary: "List a run's agents, oldest first",
    shadows: [],
    synopsis: "ic run agent list <run_id>",
    load: () => import('./commands/run/agent/list').then((m) => m.RunAgentListCommand),
  },
  {
    path: 'run agent update',
    words: ["run","agent","update"],
    summary: "Set an agent's status",
    shadows: [],
    synopsis: "ic run agent update [<run_id>] <agent_id> --status=<active|completed|failed>",
    load: () => import('./commands/run/agent/update').then((m) => m.RunAgentUpdateCommand),
  },
  {
    path: 'run artifact add',
    words: ["run","artifact","add"],
    summary: "Record a file produced by a run",
    shadows: [],
    synopsis: "ic run artifact add <run_id> --phase=<string> --path=<string> [--type=<string>]",
    load: () => import('./commands/run/artifact/add').then((m) => m.RunArtifactAddCommand),
  },
  {
    path: 'run artifact list',
    words: ["run","artifact","list"],
    summary: "List a run's artifacts, oldest first",
    shadows: [],
    synopsis: "ic run artifact list <run_id> [--phase=<string>]",
    load: () => import('./commands/run/artifact/list').then((m) => m.RunArtifactListCommand),
  },
];

const BY_PATH = new Map(COMMANDS.map((c) => [c.path, c]));

const USAGE_LINES: readonly [string, string][] = [
  ['init', "  init               Create or migrate the database to the current schema"],
  ['version', "  version            Print the ic version and the database schema version"],
  ['health', "  health             Check that the database is readable, migrated and has disk space"],
  ['completion', "  completion         Print a shell completion script"],
  ['state set', "  state set          Store a JSON payload under (key, scope_id)"],
  ['state get', "  state get          Print the payload stored under (key, scope_id)"],
  ['state delete', "  state delete       Delete the entry under (key, scope_id)"],
  ['state list', "  state list         List the scope_ids with a live entry under a key"],
  ['state prune', "  state prune        Delete expired entries"],
  ['sentinel check', "  sentinel check     Claim a throttle sentinel atomically"],
  ['sentinel reset', "  sentinel reset     Forget when a sentinel last fired"],
  ['sentinel list', "  sentinel list      List sentinels"],
  ['sentinel prune', "  sentinel prune     Delete sentinels that last fired longer ago than a duration"],
  ['compat status', "  compat status      Show, per legacy key, whether legacy temp files and DB state exist"],
  ['compat check', "  compat check       Say whether a legacy key has live state in the DB"],
  ['dispatch spawn', "  dispatch spawn     Start an agent process detached and track it"],
  ['dispatch status', "  dispatch status    Show a dispatch"],
  ['dispatch list', "  dispatch list      List dispatches, newest first"],
  ['dispatch poll', "  dispatch poll      Refresh a dispatch from its process and sidecar files"],
  ['dispatch wait', "  dispatch wait      Poll a dispatch until it ends"],
  ['dispatch kill', "  dispatch kill      Stop a dispatch (SIGTERM, 5 s grace, SIGKILL)"],
  ['dispatch prune', "  dispatch prune     Delete terminal dispatches created longer ago than a duration"],
  ['run create', "  run create         Start a run in phase brainstorm"],
  ['run status', "  run status         Show a run"],
  ['run advance', "  run advance        Move a run to its next phase"],
  ['run phase', "  run phase          Print a run's phase"],
  ['run list', "  run list           List runs, newest first"],
  ['run events', "  run events         List a run's phase events, oldest first"],
  ['run cancel', "  run cancel         Cancel an active run"],
  ['run set', "  run set            Change a run's complexity, auto-advance or force-full setting"],
  ['run current', "  run current        Print the most recent active run of a project"],
  ['run agent add', "  run agent add      Add an agent to a run"],
  ['run agent list', "  run agent list     List a run's agents, oldest first"],
  ['run agent update', "  run agent update   Set an agent's status"],
  ['run artifact add', "  run artifact add   Record a file produced by a run"],
  ['run artifact list', "  run artifact list  List a run's artifacts, oldest first"],
];

const USAGE_FOOTER = "Global flags (anywhere on the line):\n  --db=<path>           database file (default .clavain/intercore.db, found walking up)\n  --timeout=<duration>  SQLite busy timeout, a Go-style duration\n  --json                machine output, one compact JSON document\n  --verbose             more detail on errors\n\nExit codes:\n  0  success / allowed / found\n  1  expected negative result (throttled, not found, no active run, advance blocked or paused, run already terminal)\n  2  unexpected error (invalid JSON payload, I/O or database error, bad --db path, schema too new)\n  3  usage error (missing argument or required flag, unknown flag, bad flag value)\n";

/** Usage of everything under a path prefix ([] for the whole program). */
export function usageFor(words: readonly string[]): string {
  const prefix = words.join(' ');
  const lines = USAGE_LINES.filter(([path]) => !prefix || path === prefix || path.startsWith(prefix + ' ')).map(([, line]) => line);
  const head = prefix ? `Usage: ic [global flags] ${prefix} <subcommand> [args]` : `Usage: ic [global flags] <command> [subcommand] [args]`;
  return `${PROGRAM.name} ${PROGRAM.version}: ${PROGRAM.description}\n\n${head}\n\nCommands:\n${lines.join('\n')}\n\n${USAGE_FOOTER}`;
}

function isPathPrefix(words: readonly string[]): boolean {
  const prefix = words.join(' ');
  return COMMANDS.some((c) => c.path === prefix || c.path.startsWith(prefix + ' '));
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

/** Pulls the global flags out of argv, wherever they stand, and finds the command path. */
export function splitArgv(argv: readonly string[]): SplitArgv {
  const globals = defaultGlobals();
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
    const def = GLOBAL_FLAGS.find((g) => g.option === option);
    if (def && !(entry && entry.shadows.includes(def.name))) {
      let raw: string | undefined = eq === -1 ? undefined : token.slice(eq + 1);
      if (def.takesValue && raw === undefined) {
        raw = argv[++i];
        if (raw === undefined) throw new ArgvError(`missing value for ${def.option}`);
      } else if (!def.takesValue && raw !== undefined) {
        throw new ArgvError(`${def.option} takes no value`);
      }
      setGlobal(globals, def, raw);
      continue;
    }
    if (inPath && !token.startsWith('-') && isPathPrefix([...words, token])) {
      words.push(token);
      entry = BY_PATH.get(words.join(' '));
      if (entry) inPath = false;
      continue;
    }
    inPath = false;
    rest.push(token);
  }
  return { globals, words, entry, rest };
}

const isHelp = (token: string) => token === '--help' || token === '-h';

/** Messages quote what the user typed, which may hold newlines: an error stays one line. */
function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim() || 'usage error';
}

/** clipanion's parse errors, said the way the rest of ic says them. */
function parseError(message: string): string {
  // clipanion appends the command's usage after a blank line starting "$ ".
  const text = message.split(/\n\n(?=\$ )/)[0]!;
  let m = /^(?:Unsupported|Invalid) option name \("([\s\S]*)"\)\.?$/.exec(text);
  if (m) return oneLine(`unknown flag ${m[1]}`);
  m = /^Extraneous positional argument \("([\s\S]*)"\)\.?$/.exec(text);
  if (m) return oneLine(`unexpected argument "${m[1]}"`);
  if (/^Not enough positional arguments/.test(text)) return 'missing argument';
  // With optional positionals clipanion cannot tell a surplus word from a typo of a subcommand.
  if (/^Command not found/.test(text)) return 'too many arguments';
  return oneLine(text).replace(/\.$/, '');
}

/** Runs ic on argv; resolves to the exit code. */
export async function main(argv: readonly string[], io: RunIo): Promise<number> {
  let split: SplitArgv;
  try {
    split = splitArgv(argv);
  } catch (err) {
    io.stderr.write(`ic: ${oneLine((err as Error).message)}\n`);
    return 3;
  }
  const { entry, words, rest } = split;
  if (!entry) {
    if (rest.every(isHelp)) {
      io.stdout.write(usageFor(words));
      return 0;
    }
    const attempted = [...words, rest.find((t) => !t.startsWith('-')) ?? rest[0]].join(' ');
    io.stderr.write(`ic: ${oneLine(attempted)}: unknown command (see: ic ${words.length ? words.join(' ') + ' ' : ''}--help)\n`);
    return 3;
  }
  const commandClass = await entry.load();
  const cli = new Cli<IcContext>({ binaryName: PROGRAM.name, binaryLabel: PROGRAM.name, binaryVersion: PROGRAM.version, enableColors: false });
  cli.register(commandClass);
  // Handlers read stdin through ctx.readStdin(), never through clipanion's context.
  const context: IcContext = { ...Cli.defaultContext, ...io, colorDepth: 1, globals: split.globals };
  let command;
  try {
    command = cli.process([...entry.words, ...rest], context);
  } catch (err) {
    // clipanion prints parse errors to stdout and exits 1; the contract wants stderr and 3.
    io.stderr.write(`ic: ${entry.path}: ${parseError((err as Error).message)} (see: ic ${entry.path} --help)\n`);
    return 3;
  }
  // Given a processed command, clipanion's run prints help or executes it.
  return await cli.run(command, context);
}
