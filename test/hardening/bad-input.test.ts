// The bad-input battery. Every command declared in the spec gets missing and
// extra positionals, unknown flags, malformed flag values of its declared
// types, and then (fast-check, fixed seed) arbitrary empty, unicode,
// control-character and very long values. Whatever the input, ic answers
// with an exit code of the contract, one `ic: ` line for an error, never a
// stack trace, and a rejected command leaves every table as it was.
import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createContext, type Arg, type Command } from '../../codegen/context';
import { loadSpec } from '../../codegen/spec/load';
import type { FlagSpec } from '../../codegen/spec/metaschema';
import { LIMITS } from '../../src/state/payload';
import { project, ROOT, type Project } from '../helpers';
import { inLockBaseTurn } from '../shared-lock-base';
import { expectWellFormed, loops, seed, snapshot } from './common';

const COMMANDS = createContext(loadSpec(join(ROOT, 'spec/intercore.yaml'))).commands;
const SEED = 20261124;

let tried = 0;
afterAll(() => console.log(`bad-input battery: ${tried} bad inputs tried`));

async function seeded(): Promise<Project> {
  const p = await project();
  seed(p.db());
  return p;
}

/** Runs one input and checks the contract's shape; a rejected one must change nothing. */
/** One connection a project for the snapshots (it closes after the test, with the project). */
const connections = new WeakMap<Project, ReturnType<Project['db']>>();
function connection(p: Project): ReturnType<Project['db']> {
  let db = connections.get(p);
  if (!db) connections.set(p, (db = p.db()));
  return db;
}

async function attempt(p: Project, args: string[], options: { stdin?: string; exits?: number[]; errorExit?: number } = {}) {
  const db = connection(p);
  const before = snapshot(db);
  const r = await p.ic(args, { stdin: options.stdin ?? '' });
  tried++;
  const label = JSON.stringify(args).slice(0, 300);
  const { errorExit } = options;
  expectWellFormed(r, label, errorExit);
  // A command with exit codes of its own answers every error (2 or 3) with its own code.
  const exits = options.exits?.map((e) => (errorExit !== undefined && e >= 2 ? errorExit : e));
  if (exits) expect(exits, `${label} -> ${JSON.stringify(r)}`).toContain(r.code);
  if (errorExit !== undefined ? r.code === errorExit : r.code >= 2) expect(snapshot(db), `${label} changed the DB`).toBe(before);
  return r;
}

/** attempt for one command of the spec. */
const attemptOf =
  (c: Command) =>
  (p: Project, args: string[], options: { stdin?: string; exits?: number[] } = {}) =>
    attempt(p, args, { ...options, errorExit: c.spec.error_exit });

/** Lock commands work on the shared lock base: they take their turn there, and leave no lock behind. */
const inTurn = (c: Command, fn: () => Promise<void>) => (c.words[0] === 'lock' ? inLockBaseTurn(fn) : fn());

/** A flag's resolved declaration: its spec and, for an enum, the values it accepts (a value set's, resolved). */
const declared = (f: Arg): FlagSpec & { values?: string[] } => ({ ...f.flag!, values: f.values });

const validValue = (f: Arg): string => validValueOf(declared(f));
const validValueOf = (flag: FlagSpec & { values?: string[] }): string =>
  flag.type === 'integer'
    ? String(flag.min ?? 0)
    : flag.type === 'duration'
      ? '1h'
      : flag.type === 'enum'
        ? flag.values![0]!
        : flag.type === 'bool'
          ? 'true'
          : 'v';

const valueFlags = (c: Command) => c.flags.filter((f) => f.flag!.type !== 'boolean');
const requiredFlags = (c: Command) => c.flags.filter((f) => f.flag!.required);
const requiredFlagArgs = (c: Command, except?: string) =>
  requiredFlags(c)
    .filter((f) => f.option !== except)
    .map((f) => `${f.option}=${validValue(f)}`);
/** What satisfies the command's require_one_of: the first flag it names, given. */
function oneOfArgs(c: Command): string[] {
  const first = c.flags.find((f) => c.spec.require_one_of?.includes(f.name));
  if (!first) return [];
  return [first.flag!.type === 'boolean' ? first.option : `${first.option}=${validValue(first)}`];
}
const requiredPositionals = (c: Command) => c.positionals.filter((a) => a.required).length;

/** Malformed values of each flag type: each is a usage error (exit 3). */
function badValues(f: Arg): string[] {
  const flag = declared(f);
  switch (flag.type) {
    case 'integer': {
      // Blanks around a number too: Go's strconv.Atoi refuses ' 3', and so does ic.
      const out = [
        'abc',
        '1.5',
        '1e3',
        '0x10',
        '99999999999999999999',
        '١',
        'NaN',
        'Infinity',
        '-',
        '+',
        '1 2',
        '--1',
        ' 3',
        '3 ',
        '5\n',
        '\t7',
      ];
      if (flag.min !== undefined) out.push(String(flag.min - 1));
      if (flag.max !== undefined) out.push(String(flag.max + 1));
      if (flag.required) out.push('');
      return out;
    }
    case 'duration':
      // 2562048h: past Go's int64 nanoseconds, unparsable there too.
      return [
        'abc',
        '5',
        '1x',
        ...(flag.allow_negative ? [] : ['-1s']),
        's',
        '1e3s',
        '∞',
        '1h-1m',
        ' 1s',
        '1s ',
        '1.2.3s',
        '2562048h',
        '99999999999999999999999h',
        ...(flag.required ? [''] : []),
      ];
    case 'enum':
      return ['bogus', flag.values![0]!.toUpperCase(), `${flag.values![0]} `, `${flag.values![0]}\n`, ...(flag.required ? [''] : [])];
    case 'bool':
      return ['yes', 'on', '2', 'TRUE ', 'tRuE'];
    default:
      return [];
  }
}

describe('every command, from the spec: usage errors are exit 3, bad --db exit 2', () => {
  for (const c of COMMANDS) {
    it(c.path, () =>
      inTurn(c, async () => {
        const p = await seeded();
        const words = c.words;
        const fullPositionals = c.positionals.map((a, i) => (a.name === 'file' ? '@nofile' : (a.values?.[0] ?? `p${i}`)));
        const required = requiredFlagArgs(c);

        // Missing positionals.
        for (let n = 0; n < requiredPositionals(c); n++) {
          await attemptOf(c)(p, [...words, ...fullPositionals.slice(0, n), ...required], { exits: [3] });
        }
        // An empty positional counts as a missing one, unless the spec gives it a check of its own,
        // which says what is wrong (a state key: exit 2, "key must not be empty").
        if (requiredPositionals(c) > 0) {
          const checked = c.spec.positionals?.[0]?.check !== undefined;
          await attemptOf(c)(p, [...words, '', ...fullPositionals.slice(1), ...required], { exits: checked ? [2] : [3] });
        }
        // One positional too many.
        await attemptOf(c)(p, [...words, ...fullPositionals, 'extra', ...required], { exits: [3] });
        await attemptOf(c)(p, [...words, ...fullPositionals, 'extra', 'more', ...required], { exits: [3] });
        // Unknown flags, in both spellings, before and after the positionals.
        const base = [...words, ...fullPositionals.slice(0, requiredPositionals(c))];
        for (const unknown of ['--no-such-flag', '--no-such-flag=1', '-q', '--NoSuch', '---x']) {
          await attemptOf(c)(p, [...base, ...required, unknown], { exits: [3] });
        }
        await attemptOf(c)(p, [...words, '--no-such-flag', ...base.slice(words.length), ...required], { exits: [3] });
        // A required flag left out; a flag given no value.
        for (const f of requiredFlags(c)) await attemptOf(c)(p, [...base, ...requiredFlagArgs(c, f.option)], { exits: [3] });
        for (const f of valueFlags(c)) await attemptOf(c)(p, [...base, ...requiredFlagArgs(c, f.option), f.option], { exits: [3] });
        // A bare boolean flag given a value.
        for (const f of c.flags.filter((f) => f.flag!.type === 'boolean'))
          await attemptOf(c)(p, [...base, ...required, `${f.option}=yes`], { exits: [3] });
        // Malformed values of the declared type, as --flag=value and --flag value.
        for (const f of valueFlags(c)) {
          for (const bad of badValues(f)) {
            await attemptOf(c)(p, [...base, ...requiredFlagArgs(c, f.option), `${f.option}=${bad}`], { exits: [3] });
          }
          const [first] = badValues(f);
          if (first) await attemptOf(c)(p, [...base, ...requiredFlagArgs(c, f.option), f.option, first], { exits: [3] });
        }
        // None of require_one_of given.
        if (c.spec.require_one_of) await attemptOf(c)(p, [...base, ...required], { exits: [3] });
        // Global flags: a bad --timeout is usage (3); a bad --db is exit 2.
        // (with every optional setting too, so that only the global flag is wrong)
        const settings = c.flags
          .filter((f) => !f.flag!.required && ['integer', 'bool', 'enum'].includes(f.flag!.type))
          .map((f) => `${f.option}=${validValue(f)}`);
        const globalsTarget = [...base, ...required, ...settings, ...oneOfArgs(c)];
        // (read before any command runs: exit 3 for every command, those with exit codes of their own too)
        for (const g of ['--timeout=abc', '--timeout=-1s', '--timeout=2562048h', '--json=1', '--verbose=no'])
          await attempt(p, [g, ...globalsTarget], { exits: [3] });
        await attempt(p, [...globalsTarget, '--db'], { exits: [3] });
        // (only where the command needs the database: `completion` never does, `gate rules` only for a run)
        const usesDb = c.db === 'required' || c.spec.handler?.startsWith('db.');
        for (const db of usesDb ? ['x.sqlite', '../x.db', '/tmp/ic-hardening-outside.db', 'a/../../x.db', '', '.db/'] : []) {
          await attemptOf(c)(p, [`--db=${db}`, ...globalsTarget], { exits: [2] });
        }
      }),
    );
  }
});

describe('messages found by the battery', () => {
  it('a surplus word after an optional positional says so (was clipanion\'s "Command not found; did you mean one of:")', async () => {
    const p = await seeded();
    expect(await attempt(p, ['state', 'set', 'k', 's', '@f.json', 'extra'], { stdin: '{}' })).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: state set: too many arguments (see: ic state set --help)\n',
    });
  });

  it('an optional positional given as "" is a usage error, as a required one is', async () => {
    const p = await seeded();
    expect(await attempt(p, ['run', 'agent', 'update', '', 'a0000001', '--status=failed'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: run agent update: empty argument <run_id>\n',
    });
    expect(await attempt(p, ['state', 'set', 'k', 's', ''], { stdin: '{}' })).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: state set: empty argument <file>\n',
    });
  });
});

describe('durations found by the battery', () => {
  it("a duration past Go's limit is a usage error (was: --ttl stored 3.6e24, a REAL, as expires_at)", async () => {
    const p = await seeded();
    expect(await attempt(p, ['state', 'set', 'k', 'huge', '--ttl=999999999999999999999h'], { stdin: '{}' })).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: state set: invalid --ttl value "999999999999999999999h": want a duration such as 500ms, 2s, 1m30s or 1h\n',
    });
    expect(await attempt(p, ['state', 'set', 'k', 'long', '--ttl=2562047h'], { stdin: '{}' })).toMatchObject({ code: 0 });
    expect(p.db().prepare("SELECT typeof(expires_at) FROM state WHERE scope_id = 'long'").pluck().get()).toBe('integer');
  });

  it('a --timeout longer than SQLite can wait is waited as long as it can (was: exit 2, raw better-sqlite3 option error)', async () => {
    const p = await seeded();
    expect(await attempt(p, ['--timeout=999999h', 'state', 'get', 'k', 's'])).toEqual({ code: 0, stdout: '{"v":1}\n', stderr: '' });
  });
});

describe('JSON payloads at and one past each limit, from stdin and from @file', () => {
  // Total size: exactly 1 MiB of valid JSON, and one byte more, every string within its own limit.
  const chunks = Array.from({ length: 20 }, () => 'a'.repeat(LIMITS.stringBytes / 2));
  const sized = (bytes: number) => {
    const head = JSON.stringify(chunks).slice(0, -1) + ',"';
    return head + 'b'.repeat(bytes - head.length - 2) + '"]';
  };
  const cases: [string, string, string][] = [
    ['total size', sized(LIMITS.bytes), sized(LIMITS.bytes + 1)],
    ['depth', '['.repeat(LIMITS.depth) + ']'.repeat(LIMITS.depth), '['.repeat(LIMITS.depth + 1) + ']'.repeat(LIMITS.depth + 1)],
    [
      'key length (characters, not bytes)',
      JSON.stringify({ ['€'.repeat(LIMITS.keyChars)]: 1 }),
      JSON.stringify({ ['€'.repeat(LIMITS.keyChars + 1)]: 1 }),
    ],
    [
      'string size (bytes, not characters)',
      JSON.stringify('é'.repeat(LIMITS.stringBytes / 2)),
      JSON.stringify('é'.repeat(LIMITS.stringBytes / 2) + 'a'),
    ],
    ['array length', JSON.stringify(new Array(LIMITS.arrayItems).fill(0)), JSON.stringify(new Array(LIMITS.arrayItems + 1).fill(0))],
  ];

  for (const [what, at, past] of cases) {
    it(what, async () => {
      const p = await seeded();
      expect(Buffer.byteLength(cases[0]![1])).toBe(LIMITS.bytes);
      expect(Buffer.byteLength(cases[0]![2])).toBe(LIMITS.bytes + 1);
      expect(await attempt(p, ['state', 'set', 'lim', 'at'], { stdin: at })).toMatchObject({ code: 0 });
      expect(await attempt(p, ['state', 'get', 'lim', 'at'])).toEqual({ code: 0, stdout: at + '\n', stderr: '' });
      expect(await attempt(p, ['state', 'set', 'lim', 'past'], { stdin: past, exits: [2] })).toMatchObject({
        stderr: expect.stringMatching(/^ic: state set: invalid payload: /),
      });
      // Overwriting an existing entry with a bad payload keeps the old one.
      expect(await attempt(p, ['state', 'set', 'lim', 'at'], { stdin: past, exits: [2] })).toMatchObject({ code: 2 });
      writeFileSync(join(p.dir, 'at.json'), at);
      writeFileSync(join(p.dir, 'past.json'), past);
      expect(await attempt(p, ['state', 'set', 'lim', 'file', '@at.json'])).toMatchObject({ code: 0 });
      expect(await attempt(p, ['state', 'set', 'lim', 'file', '@past.json'], { exits: [2] })).toMatchObject({ code: 2 });
      expect(await attempt(p, ['state', 'get', 'lim', 'file'])).toEqual({ code: 0, stdout: at + '\n', stderr: '' });
    });
  }
});

// Values a hook might hand over by mistake: empty, whitespace, control
// characters, unicode (combining, RTL, BOM, emoji, a lone surrogate), things
// that look like flags or paths or SQL, and very long strings.
const controlChars = fc.string({ unit: fc.integer({ min: 1, max: 31 }).map((c) => String.fromCharCode(c)), minLength: 1, maxLength: 6 });
const weird = fc.oneof(
  fc.constantFrom(
    '',
    ' ',
    '\t',
    '\n',
    '-',
    '--',
    '-x',
    '--x=1',
    '@',
    '@/etc/passwd',
    '@../x',
    '@.',
    '.',
    '..',
    '%s%n',
    "'; DROP TABLE state; --",
    '\u202eevil',
    '\uFEFFbom',
    '\uD800',
    'e\u0301',
    '🙂',
    'r0000001',
    'a0000001',
    'd0000001',
    '0',
    '-1',
    '1e309',
  ),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.string({ unit: 'binary', maxLength: 12 }).map((s) => s.replace(/\0/g, '')), // argv cannot hold NUL
  fc.tuple(fc.string({ maxLength: 4 }), controlChars, fc.string({ maxLength: 4 })).map(([a, b, c]) => a + b + c),
  fc.integer({ min: 1_000, max: 200_000 }).map((n) => 'x'.repeat(n)),
  fc.integer({ min: 100, max: 20_000 }).map((n) => '€'.repeat(n)),
);
const weirdStdin = fc.oneof(
  fc.json({ maxDepth: 4 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  weird,
  fc.constant('{"a":'),
  fc.constant('\0{}'),
);

// dispatch spawn is left out: an input it accepts would start an agent; so is
// portfolio relay: an input it accepts polls until the process is signalled
// (the fixed battery above covers both).
const FUZZED = COMMANDS.filter((c) => c.path !== 'dispatch spawn' && c.path !== 'portfolio relay');
/** Arbitrary inputs per command (the fixed battery above covers every declared case whatever this is). */
const RUNS_PER_COMMAND = loops(20, 100);

describe('arbitrary values (fast-check, fixed seed): exit 0..3, one error line, no trace, nothing written when rejected', () => {
  for (const [i, c] of FUZZED.entries()) {
    it(c.path, () =>
      inTurn(c, async () => {
        const p = await seeded();
        const flagNames = c.flags.map((f) => f.option);
        const input = fc.record({
          positionals: fc.array(weird, { maxLength: c.positionals.length + 1 }),
          flags: fc.array(fc.tuple(fc.constantFrom(...flagNames, '--bogus'), weird), { maxLength: 3 }),
          json: fc.boolean(),
          verbose: fc.boolean(),
          global: fc.option(fc.tuple(fc.constantFrom('--timeout', '--db'), weird), { nil: undefined }),
          stdin: weirdStdin,
        });
        await fc.assert(
          fc.asyncProperty(input, async ({ positionals, flags, json, verbose, global, stdin }) => {
            const args = [
              ...(global ? [`${global[0]}=${global[1]}`] : []),
              ...c.words,
              ...positionals,
              ...flags.map(([f, v]) => `${f}=${v}`),
              ...(json ? ['--json'] : []),
              ...(verbose ? ['--verbose'] : []),
            ];
            await attemptOf(c)(p, args, { stdin });
          }),
          { seed: SEED + i, numRuns: RUNS_PER_COMMAND },
        );
      }),
    );
  }
});

describe('arbitrary argv, path words included (fast-check, fixed seed)', () => {
  it("unknown commands and stray words stay one line, exit 3 or a command's own answer", () =>
    inLockBaseTurn(async () => {
      const p = await seeded();
      // Words of every command path but spawn (an accepted spawn would start an agent).
      const pathWords = [...new Set(COMMANDS.flatMap((c) => c.words))].filter((w) => w !== 'spawn');
      const token = fc.oneof(fc.constantFrom(...pathWords, '--json', '--help', '-h', '--db', '--timeout', '--'), weird);
      await fc.assert(
        fc.asyncProperty(fc.array(token, { minLength: 1, maxLength: 6 }), async (argv) => {
          if (argv.includes('spawn')) return;
          // A group whose commands all have exit codes of their own (receipt) answers its errors with that code.
          // Its first word: flags before a command's words do not hide it (`--jsno receipt emit` is receipt's).
          const first = argv.find((t) => !t.startsWith('-'));
          const group = COMMANDS.filter((c) => c.words[0] === first);
          const codes = new Set(group.map((c) => c.spec.error_exit));
          const errorExit = group.length > 0 && codes.size === 1 ? [...codes][0] : undefined;
          await attempt(p, argv, { stdin: '{}', errorExit });
        }),
        { seed: SEED, numRuns: loops(120, 600) },
      );
    }));
});
