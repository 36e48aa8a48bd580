// The clipanion state machines that the build compiles into dist/ (one per
// command class, scripts/clipanion-machines.cjs), run against the BUILT
// dist/ (npm run -s build first): each is what clipanion compiles from its
// class now, and argv parsed with it comes out exactly as clipanion's own
// compile parses it (the command's values, help, or the same error), over
// argv made from each command's own options and positionals.
import { readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT } from '../helpers';

interface Builder {
  paths: string[][];
  options: { names: string[]; arity: number }[];
  arity: { leading: string[]; extra: unknown; trailing: string[] };
}
interface ParsedCommand {
  [key: string]: unknown;
}
interface CommandCli {
  builder: { compile(): { machine: unknown } };
  registrations: Map<unknown, { builder: Builder }>;
  process(argv: string[], context: object): ParsedCommand;
}
interface Core {
  exports: {
    PROGRAM: object;
    commandCli(program: object, commandClass: unknown): CommandCli;
  };
  loadChunk(name: string): Record<string, { icMachine?: string; new (): unknown }>;
}

const DIST = join(ROOT, 'dist');
const { load } = createRequire(__filename)(join(ROOT, 'bin/ic')) as { load(options?: object): Core };

function commandChunks(dir = join(DIST, 'commands')): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? commandChunks(join(dir, e.name)) : e.name.endsWith('.cjs') ? [relative(DIST, join(dir, e.name)).slice(0, -4)] : [],
  );
}

/** Argv for a command, from its path, options and positionals: valid ones, and the usual mistakes. */
function argvs(builder: Builder): string[][] {
  const path = builder.paths[0] ?? [];
  const positionals =
    builder.arity.leading.length + builder.arity.trailing.length + (Array.isArray(builder.arity.extra) ? builder.arity.extra.length : 1);
  const args = Array.from({ length: positionals + 1 }, (_, i) => `p${i}`);
  const out: string[][] = [[], ['--help'], ['-h'], ['--bogus'], ['--bogus=1'], ['-x'], ['--', '-x'], ['a', '--help']];
  for (let n = 0; n <= args.length; n++) out.push(args.slice(0, n));
  for (const option of builder.options) {
    for (const name of option.names) {
      const uses =
        option.arity === 0
          ? [[name], [`${name}=1`], [`--no-${name.replace(/^--/, '')}`]]
          : [[`${name}=v`], [name, 'v'], [name], [`${name}=`]];
      for (const use of uses) {
        out.push(use, [...args.slice(0, positionals), ...use], [...use, ...args.slice(0, positionals)], [...use, ...use]);
        if (positionals > 0) out.push([args[0]!, ...use, ...args.slice(1, positionals)]);
      }
    }
  }
  return out.map((a) => [...path, ...a]);
}

/** What clipanion made of argv: the command's values and help, or its error. */
function outcome(cli: CommandCli, argv: string[]): unknown {
  try {
    const command = cli.process(argv, { env: {}, colorDepth: 1 });
    const values = Object.entries(command)
      .filter(([key]) => key !== 'context' && key !== 'cli')
      .map(([key, value]) => [key, JSON.stringify(value, (_k, v: unknown) => (typeof v === 'function' ? 'function' : v))]);
    return { kind: command.constructor === undefined ? '?' : 'command', help: command.help ?? null, values };
  } catch (err) {
    return { error: (err as Error).message };
  }
}

describe('the clipanion machines in dist/', () => {
  const ic = load();
  const chunks = commandChunks();

  it('every command chunk has one, and it is what clipanion compiles from the class now', () => {
    expect(chunks.length).toBeGreaterThan(40);
    for (const name of chunks) {
      const [commandClass] = Object.values(ic.loadChunk(name));
      expect(commandClass?.icMachine, name).toBeTypeOf('string');
      // The same class without its machine: clipanion compiles one.
      const Fresh = class extends (commandClass as new () => object) {
        static icMachine = undefined;
      };
      const fresh = JSON.stringify(ic.exports.commandCli(ic.exports.PROGRAM, Fresh).builder.compile().machine);
      // The stored one, as the Cli reads it back (src/cli/machine-text.ts).
      const stored = JSON.stringify(ic.exports.commandCli(ic.exports.PROGRAM, commandClass).builder.compile().machine);
      expect(stored, name).toBe(fresh);
      // Stored with each distinct part once: never longer than clipanion's JSON.
      expect(commandClass!.icMachine!.length, name).toBeLessThanOrEqual(fresh.length);
      if (name === 'commands/events/tail') expect(commandClass!.icMachine!.length * 5).toBeLessThan(fresh.length);
    }
  });

  it("argv parsed with it comes out as with clipanion's own compile: values, help and errors", () => {
    let compared = 0;
    for (const name of chunks) {
      const [commandClass] = Object.values(ic.loadChunk(name));
      const Fresh = class extends (commandClass as new () => object) {
        static icMachine = undefined;
      };
      const withMachine = ic.exports.commandCli(ic.exports.PROGRAM, commandClass);
      const builder = [...withMachine.registrations.values()][0]!.builder;
      for (const argv of argvs(builder)) {
        // A fresh Cli each time: a parse must not lean on an earlier one.
        const got = outcome(ic.exports.commandCli(ic.exports.PROGRAM, commandClass), argv);
        expect(got, `${name}: ${JSON.stringify(argv)}`).toEqual(outcome(ic.exports.commandCli(ic.exports.PROGRAM, Fresh), argv));
        compared++;
      }
    }
    expect(compared).toBeGreaterThan(1000);
  });
});
