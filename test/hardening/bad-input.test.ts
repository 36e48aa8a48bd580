// Every command, driven from the spec, handed bad input: missing and extra
// arguments, unknown flags, values of the wrong type, empty strings, and
// (through fast-check) long, unicode and control-character values. Each
// answer is an exit code the contract allows and at most one line
// `ic: <path>: <message>` on stderr, never a stack trace; a rejected command
// leaves the database exactly as it was.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it, onTestFinished } from 'vitest';
import { type IcResult, type Project, ROOT, project } from '../helpers';

interface Flag {
  type: 'string' | 'integer' | 'boolean' | 'bool' | 'duration' | 'enum';
  required?: boolean;
  default?: unknown;
  values?: string[];
  min?: number;
}
interface CommandSpec {
  path: string;
  positionals?: { name: string; required: boolean; values?: string[] }[];
  flags?: Record<string, Flag>;
  require_one_of?: string[];
}
const spec = parse(readFileSync(join(ROOT, 'spec/intercore.yaml'), 'utf8')) as { commands: CommandSpec[] };
const COMMANDS = spec.commands;

const option = (name: string) => `--${name.replace(/_/g, '-')}`;

/** A value of the right type for a flag. */
function goodValue(name: string, f: Flag): string {
  switch (f.type) {
    case 'integer':
      return String(f.min ?? 1);
    case 'duration':
      return '1h';
    case 'bool':
      return 'true';
    case 'enum':
      return f.values![0]!;
    default:
      return name === 'prompt_file' ? 'no-such-prompt.md' : `v-${name}`;
  }
}

/** The shortest command line the spec accepts: required positionals and flags. */
function validArgv(c: CommandSpec): string[] {
  const argv = [...c.path.split(' ')];
  for (const p of c.positionals ?? []) if (p.required) argv.push(p.values?.[0] ?? `x-${p.name}`);
  for (const [name, f] of Object.entries(c.flags ?? {})) if (f.required) argv.push(`${option(name)}=${goodValue(name, f)}`);
  if (c.require_one_of) {
    const name = c.require_one_of[0]!;
    argv.push(`${option(name)}=${goodValue(name, c.flags![name]!)}`);
  }
  return argv;
}

/** Wrong values for a typed flag. */
function badValues(f: Flag): string[] {
  switch (f.type) {
    case 'integer':
      return ['abc', '1.5', '', '99999999999999999999', ...(f.min !== undefined ? [String(f.min - 1)] : [])];
    case 'duration':
      return ['soon', '5', '-1s', ''];
    case 'bool':
      return ['maybe', 'yes', ''];
    case 'enum':
      return ['nope', ''];
    default:
      return [];
  }
}

/** Every row of every table, to compare before and after. */
function dump(p: Project): string {
  const db = p.db();
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[];
  return JSON.stringify(tables.map(({ name }) => [name, db.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all()]));
}

function expectWellFormed(path: string, r: IcResult, allowed: number[]) {
  expect(allowed, `${path}: exit ${r.code}, stderr ${JSON.stringify(r.stderr)}`).toContain(r.code);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  if (r.code !== 0 && r.stderr !== '') {
    expect(r.stderr).toMatch(/^ic: [^\n]+\n$/);
  }
  if (r.code >= 2) expect(r.stdout).toBe('');
}

let tried = 0;

async function rejects(p: Project, c: CommandSpec, argv: string[], exit: number, stdin = '') {
  const before = dump(p);
  const r = await p.ic(argv, { stdin });
  tried++;
  expect({ argv, code: r.code }).toEqual({ argv, code: exit });
  expectWellFormed(c.path, r, [exit]);
  expect(r.stderr).toMatch(new RegExp(`^ic: ${c.path}: `));
  expect(dump(p)).toBe(before);
}

describe('bad input, for every command in the spec', () => {
  it.each(COMMANDS.map((c) => [c.path, c] as const))('%s: usage errors exit 3 and change nothing', async (_path, c) => {
    const p = await project();
    const good = validArgv(c);
    const words = c.path.split(' ').length;
    // Missing each required positional.
    for (const [i, pos] of (c.positionals ?? []).entries()) {
      if (!pos.required) continue;
      const argv = [...good];
      argv.splice(words + i - (c.positionals ?? []).slice(0, i).filter((q) => !q.required).length, 1);
      await rejects(p, c, argv, 3);
    }
    // An extra positional.
    const positionals = (c.positionals ?? []).length;
    await rejects(p, c, [...c.path.split(' '), ...Array.from({ length: positionals + 1 }, (_, i) => `extra${i}`), ...good.slice(words).filter((a) => a.startsWith('--'))], 3);
    // Unknown flags.
    await rejects(p, c, [...good, '--no-such-flag'], 3);
    await rejects(p, c, [...good, '--no-such-flag=1'], 3);
    // Missing each required flag; an empty value for it.
    for (const [name, f] of Object.entries(c.flags ?? {})) {
      if (!f.required) continue;
      await rejects(p, c, good.filter((a) => !a.startsWith(`${option(name)}=`)), 3);
      await rejects(p, c, [...good.filter((a) => !a.startsWith(`${option(name)}=`)), `${option(name)}=`], 3);
    }
    // Empty required positionals.
    for (const [i, pos] of (c.positionals ?? []).entries()) {
      if (!pos.required) continue;
      const argv = [...good];
      argv[words + i] = '';
      await rejects(p, c, argv, 3);
    }
    // Wrong types.
    for (const [name, f] of Object.entries(c.flags ?? {})) {
      for (const bad of badValues(f)) {
        await rejects(p, c, [...good.filter((a) => !a.startsWith(`${option(name)}=`)), `${option(name)}=${bad}`], 3);
      }
    }
    // A boolean flag given a value.
    for (const [name, f] of Object.entries(c.flags ?? {})) {
      if (f.type === 'boolean') await rejects(p, c, [...good, `${option(name)}=yes`], 3);
    }
  });

  // Strange but well-typed values: the command may succeed or say no, but
  // always in the contract's shape, and a "no" changes nothing.
  const strange = fc.oneof(
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.string({ unit: fc.constantFrom('\u0000', '\u0001', '\t', '\n', '\r', '\u001b', '\u007f', 'a', '=', '-'), maxLength: 20 }),
    fc.constantFrom('x'.repeat(10_000), 'é'.repeat(5_000), '--', '-', '--json', '../../etc/passwd', '@/etc/passwd', '\u202e', '💥'.repeat(100)),
  );

  it.each(COMMANDS.map((c) => [c.path, c] as const))('%s: strange values in every string slot', async (_path, c) => {
    const p = await project();
    const good = validArgv(c);
    const words = c.path.split(' ').length;
    const slots: number[] = [];
    (c.positionals ?? []).forEach((pos, i) => {
      if (pos.required && !pos.values) slots.push(words + i);
    });
    good.forEach((a, i) => {
      const name = a.match(/^--([a-z-]+)=/)?.[1]?.replace(/-/g, '_');
      if (name && c.flags?.[name]?.type === 'string') slots.push(i);
    });
    if (!slots.length) return;
    // Whatever the values, no agent may start: no dispatch script, and no codex on PATH.
    const path = process.env.PATH;
    if (c.path === 'dispatch spawn') process.env.PATH = '/nonexistent';
    onTestFinished(() => {
      process.env.PATH = path;
    });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...slots), strange, async (slot, value) => {
        const argv = [...good];
        argv[slot] = argv[slot]!.startsWith('--') ? `${argv[slot]!.split('=')[0]}=${value}` : value;
        const before = dump(p);
        const r = await p.ic(argv, { stdin: '{"a":1}' });
        tried++;
        expectWellFormed(c.path, r, [0, 1, 2, 3]);
        if (c.path === 'dispatch spawn' && r.code === 2 && /cannot start the agent/.test(r.stderr)) {
          // The contract's one exception: an agent that cannot start leaves a failed row.
          const failed = p.db().prepare("SELECT count(*) AS n FROM dispatches WHERE status = 'failed' AND pid IS NULL AND error_message IS NOT NULL").get();
          expect(failed).toEqual({ n: 1 });
          p.db().prepare('DELETE FROM dispatches').run();
        }
        if (r.code !== 0) expect(dump(p)).toBe(before);
        if (c.path === 'dispatch spawn') expect(r.code).not.toBe(0); // nothing can start: no dispatch script, no codex
      }),
      { seed: 20261124, numRuns: 25 },
    );
  });

  it('JSON payloads at and one past each limit', async () => {
    const p = await project();
    const deep = (n: number) => '['.repeat(n) + ']'.repeat(n);
    const cases: [string, number][] = [
      [deep(20), 0],
      [deep(21), 2],
      [JSON.stringify({ ['k'.repeat(1000)]: 1 }), 0],
      [JSON.stringify({ ['k'.repeat(1001)]: 1 }), 2],
      [JSON.stringify('s'.repeat(100 * 1024)), 0],
      [JSON.stringify('s'.repeat(100 * 1024 + 1)), 2],
      [JSON.stringify(Array(10_000).fill(0)), 0],
      [JSON.stringify(Array(10_001).fill(0)), 2],
      ['{"a":', 2],
      ['', 2],
      ['\u0000', 2],
    ];
    for (const [payload, exit] of cases) {
      const before = dump(p);
      const r = await p.ic(['state', 'set', 'limit', 's'], { stdin: payload });
      tried++;
      expect({ len: payload.length, code: r.code }).toEqual({ len: payload.length, code: exit });
      expectWellFormed('state set', r, [exit]);
      if (exit !== 0) expect(dump(p)).toBe(before);
    }
  });

  it('counts what it tried', () => {
    // Printed for the closing note; also proves the battery ran.
    console.log(`bad-input battery: ${tried} invocations`);
    expect(tried).toBeGreaterThan(500);
  });
});
