// The front door, given the spec's tables (generated/cli.ts): argv split
// (./argv.ts), `ic help ...`, help for `ic`, `--help`, a command family and
// a command (./help.ts, loaded only then), `--version` and `-v`, one-line usage errors with "did you mean", then only the
// command that runs is loaded and handed to clipanion.
import { Cli, type CommandClass } from 'clipanion';
import { END_OF_INPUT } from 'clipanion/lib/constants';
import { runMachineInternal, selectBestState } from 'clipanion/lib/core';
import { HelpCommand } from 'clipanion/lib/advanced/HelpCommand';
import type { IcContext } from '../../generated/cli';
import { Exit } from '../../generated/values';
import { oneLine } from '../format/text';
import { type ArgvTable, type CommandEntry, type SplitArgv, splitArgv, subcommands } from './argv';
import type { HelpTable } from './help';
import { machineFromText } from './machine-text';
import type { RunIo } from './run-command';

/** What generated/cli.ts gives: the program, the argv tables, and loaders of the usage and help tables. */
export interface ProgramTable extends ArgvTable {
  program: { readonly name: string; readonly version: string; readonly description: string };
  /** What only usage errors need (generated/usage.ts): loaded by them, never by a command that runs. */
  usage(): Promise<UsageTable>;
  /** What only help needs (generated/help.ts): loaded by it, never by a command that runs. */
  help(): Promise<HelpTable>;
}

export interface UsageTable {
  /** Each command's own flags (those with any), for "did you mean" on an unknown one. */
  flags: Readonly<Record<string, readonly string[]>>;
}

/** Help of everything under a path prefix ([] for the whole program), or of one command; help.ts is loaded only here. */
async function helpText(table: ProgramTable, words: readonly string[], command?: string): Promise<string> {
  const [help, data] = await Promise.all([import('./help'), table.help()]);
  return command === undefined ? help.topHelp(table.program, data, words) : help.commandHelp(command, data);
}

const isHelp = (token: string) => token === '--help' || token === '-h';
const isVersion = (token: string) => token === '--version' || token === '-v';

/** " (did you mean <name>?)" when one of the candidates is close to what was typed; loaded only on this error path. */
async function didYouMean(typed: string, candidates: readonly string[]): Promise<string> {
  const { closest } = await import('./suggest');
  const name = closest(typed, candidates);
  return name === undefined ? '' : ` (did you mean ${name}?)`;
}

/** The flags a command takes: its own, and the global ones it does not take over. */
async function flagNames(table: ProgramTable, entry: CommandEntry): Promise<string[]> {
  const own = (await table.usage()).flags[entry.path] ?? [];
  return [...own, ...table.globalFlags.filter((g) => !entry.shadows?.includes(g.name)).map((g) => g.option), '--help'];
}

/** clipanion's parse errors, said the way the rest of ic says them. */
async function parseError(
  table: ProgramTable,
  message: string,
  entry: CommandEntry,
  rest: readonly string[],
  cli: Cli<IcContext>,
  context: IcContext,
): Promise<string> {
  // clipanion appends the command's usage after a blank line starting "$ ".
  const text = message.split(/\n\n(?=\$ )/)[0]!;
  let m = /^(?:Unsupported|Invalid) option name \("([\s\S]*)"\)\.?$/.exec(text);
  if (m) return oneLine(`unknown flag ${m[1]}`) + (await didYouMean(m[1]!.split('=')[0]!, await flagNames(table, entry)));
  m = /^Extraneous positional argument \("([\s\S]*)"\)\.?$/.exec(text);
  if (m) return oneLine(`unexpected argument "${m[1]}"`);
  if (/^Not enough positional arguments/.test(text)) return missingArgument(message, entry, rest, cli, context) ?? 'missing argument';
  if (/^Command not found/.test(text)) {
    // clipanion says so for an unknown flag after a known one, too: name the flag.
    const names = await flagNames(table, entry);
    const unknown = rest.find((t) => t.startsWith('--') && t !== '--' && !names.includes(t.split('=')[0]!));
    if (unknown !== undefined) return oneLine(`unknown flag ${unknown}`) + (await didYouMean(unknown.split('=')[0]!, names));
    // And when positionals are missing after a flag's value (`sentinel check n --interval=5`).
    const missing = missingArgument(message, entry, rest, cli, context);
    if (missing !== undefined) return missing;
    // With optional positionals clipanion cannot tell a surplus word from a typo of a subcommand.
    return 'too many arguments';
  }
  return oneLine(text).replace(/\.$/, '') || 'usage error';
}

/**
 * "missing argument <name>", naming the first positional not given; undefined
 * when none is missing. clipanion says only that some are missing (or that no
 * command fits); its usage line in the message (`$ ic state get <key>
 * <scope_id>`, or `0. ic ...`) names the required ones, and how many
 * placeholders make the line parse tells how many are missing (no knowledge
 * of which flags take a value needed).
 */
function missingArgument(
  message: string,
  entry: CommandEntry,
  rest: readonly string[],
  cli: Cli<IcContext>,
  context: IcContext,
): string | undefined {
  const line = /^\s*(?:\$|\d+\.) \S+ (.*)$/m.exec(message)?.[1]?.replace(entry.path, '') ?? '';
  const names = [...line.matchAll(/(?:^|\s)<([^>\s]+)>/g)].map((m) => m[1]!);
  for (let k = 1; k <= names.length; k++) {
    try {
      cli.process([...entry.words, ...rest, ...Array<string>(k).fill('x')], context);
    } catch {
      continue;
    }
    return `missing argument <${names[names.length - k]}>`;
  }
  return undefined;
}

/**
 * A command of dist/ comes with the state machine clipanion compiled from its
 * class at build time (IcCommand.icMachine): the Cli is given it instead of
 * compiling the same machine again (about 1 ms of cold code a start), and
 * runs it as it runs its own (CliBuilder.compile's `process`, clipanion's
 * runMachine). Parsing, help and errors are clipanion's as ever. From
 * source there is none, and clipanion compiles it.
 */
function usePrecompiledMachine(cli: Cli<IcContext>, commandClass: CommandClass<IcContext> & { icMachine?: string }): void {
  if (commandClass.icMachine === undefined) return;
  const machine = machineFromText(commandClass.icMachine);
  (cli as unknown as { builder: { compile(): unknown } }).builder.compile = () => ({
    machine,
    contexts: [{ commandClass }],
    process: (input: string[]) =>
      selectBestState(
        input,
        runMachineInternal(machine, [...input, END_OF_INPUT]).map(({ state }) => state),
      ),
  });
}

/** The Cli that parses one command: clipanion's, with that one command registered (and given its machine when it has one). */
export function commandCli(
  program: ProgramTable['program'],
  commandClass: CommandClass<IcContext> & { icMachine?: string },
): Cli<IcContext> {
  const cli = new Cli<IcContext>({
    binaryName: program.name,
    binaryLabel: program.name,
    binaryVersion: program.version,
    enableColors: false,
  });
  cli.register(commandClass);
  usePrecompiledMachine(cli, commandClass);
  return cli;
}

/** Runs the program on argv; resolves to the exit code. */
export async function runProgram(table: ProgramTable, argv: readonly string[], io: RunIo): Promise<number> {
  const { program } = table;
  let split: SplitArgv;
  try {
    split = splitArgv(table, argv);
    // `ic help [command...]` is `ic [command...] --help`, word for word.
    if (split.words.length === 0 && split.rest[0] === 'help') {
      const at = argv.indexOf('help');
      split = splitArgv(table, [...argv.slice(0, at), ...argv.slice(at + 1), '--help']);
    }
  } catch (err) {
    io.stderr.write(`ic: ${oneLine((err as Error).message)}\n`);
    return Exit.Usage;
  }
  const { entry, words, rest } = split;
  if (!entry) {
    // `ic` alone and --help print usage; a family named alone (`ic run`) is a usage error listing its subcommands.
    if ((words.length === 0 && rest.length === 0) || (rest.length > 0 && rest.every(isHelp))) {
      io.stdout.write(await helpText(table, words));
      return 0;
    }
    // The package's version, one line (`ic version` also says the database's).
    if (words.length === 0 && rest.length === 1 && isVersion(rest[0]!)) {
      io.stdout.write(`${program.version}\n`);
      return 0;
    }
    const word = rest.find((t) => !t.startsWith('-'));
    if (words.length === 0) {
      const typed = word ?? rest[0] ?? '';
      const hint = await didYouMean(
        typed,
        word === undefined ? ['--version', '-v', '--help', '-h', ...table.globalFlags.map((g) => g.option)] : subcommands(table, []),
      );
      io.stderr.write(`ic: ${oneLine(typed)}: unknown command${hint} (see: ic --help)\n`);
    } else if (word === undefined) {
      io.stderr.write(`ic: ${words.join(' ')}: missing subcommand (${subcommands(table, words).join(', ')})\n`);
    } else {
      io.stderr.write(`ic: ${words.join(' ')}: unknown subcommand: ${oneLine(word)}${await didYouMean(word, subcommands(table, words))}\n`);
    }
    // A family whose commands all have exit codes of their own (receipt: 5) keeps them for its usage errors.
    const exits = new Set(table.commands.filter((c) => words.every((w, i) => c.words[i] === w)).map((c) => c.errorExit));
    return (words.length > 0 && exits.size === 1 && [...exits][0]) || Exit.Usage;
  }
  // -h or --help anywhere before "--" (clipanion sees it only before the arguments): the command's help.
  const end = rest.indexOf('--');
  if ((end === -1 ? rest : rest.slice(0, end)).some(isHelp)) {
    io.stdout.write(await helpText(table, entry.words, entry.path));
    return 0;
  }
  const cli = commandCli(program, await entry.load());
  // Handlers read stdin through ctx.readStdin(), never through clipanion's context.
  const context: IcContext = { ...Cli.defaultContext, ...io, colorDepth: 1, globals: split.globals };
  let command;
  try {
    command = cli.process([...entry.words, ...rest], context);
  } catch (err) {
    // clipanion prints parse errors to stdout and exits 1; the contract wants stderr and 3.
    io.stderr.write(
      `ic: ${entry.path}: ${await parseError(table, (err as Error).message, entry, rest, cli, context)} (see: ic ${entry.path} --help)\n`,
    );
    return entry.errorExit ?? Exit.Usage;
  }
  // clipanion found -h or --help: the command's help is ic's, from the spec.
  if (command instanceof HelpCommand) {
    io.stdout.write(await helpText(table, entry.words, entry.path));
    return 0;
  }
  return await cli.run(command, context);
}
