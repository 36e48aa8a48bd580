// The preflight, run against the BUILT ./bin/ic (npm run -s build first):
// a working directory that is gone, argv that is not UTF-8, and start-up
// failures end as one `ic: ` line with exit 2 (or 3), for every kind of
// command path, never as a trace.
import { type SpawnSyncReturns, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, realpathSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { invalidUtf8Argument, preflight } from '../../src/cli/preflight';
import { BIN, ROOT, tempDir } from '../helpers';

interface Run {
  code: number | null;
  stdout: Buffer;
  stderr: string;
}

function result(r: SpawnSyncReturns<Buffer>): Run {
  return { code: r.status, stdout: r.stdout, stderr: r.stderr.toString('latin1') };
}

/** sh -c SCRIPT with $0 = node and $1 = bin/ic, so the script builds the exact bytes of argv. */
function sh(script: string, cwd: string, args: string[] = [], input = ''): Run {
  return result(spawnSync('sh', ['-c', script, process.execPath, BIN, ...args], { cwd, input }));
}

const GONE = 'ic: cannot use the working directory: it no longer exists (cd to an existing directory)\n';

/** ic run from inside a directory that was removed just before. */
function inGoneDir(args: string[], input = ''): Run {
  const dir = tempDir('ic-gone-');
  // cd into DIR, remove it, then exec node BIN ARGS... with the dead cwd.
  const r = sh('bin=$1; dir=$2; shift 2; cd "$dir" && rmdir "$dir" && exec "$0" "$bin" "$@"', tmpdir(), [dir, ...args], input);
  expect(existsSync(dir)).toBe(false);
  return r;
}

function expectOneLine(r: Run, code: number, line: string): void {
  expect({ code: r.code, stdout: r.stdout.toString('latin1'), stderr: r.stderr }).toEqual({ code, stdout: '', stderr: line });
}

describe('a working directory that no longer exists', () => {
  const paths: [string, string[]][] = [
    ['version', ['version']],
    ['--json version', ['--json', 'version']],
    ['health', ['health']],
    ['init', ['init']],
    ['state get', ['state', 'get', 'k', 's']],
    ['state set (stdin)', ['state', 'set', 'k', 's']],
    ['--help', ['--help']],
    ['state --help', ['state', '--help']],
    ['no arguments', []],
    ['an unknown command', ['nosuch']],
    ['a bad global flag', ['--timeout=x', 'version']],
  ];
  for (const [label, args] of paths) {
    it(`${label}: one line, exit 2`, () => {
      expectOneLine(inGoneDir(args, '{"a":1}'), 2, GONE);
    });
  }

  it('the same run from a directory that exists works (the harness is sound)', () => {
    const dir = tempDir('ic-here-');
    const r = sh('bin=$1; shift; exec "$0" "$bin" "$@"', dir, ['version']);
    expect(r.code).toBe(0);
    expect(r.stdout.toString()).toMatch(/^ic \d+\.\d+\.\d+\n/);
  });

  it('a working directory whose path is longer than getcwd returns: one line, exit 2', () => {
    const base = tempDir('ic-deep-');
    try {
      // Built step by step with relative names: no single path is too long for
      // mkdir. `cd -P`: dash's logical cd would build the long path itself.
      const r = sh(
        'cd "$2" && for i in $(seq 1 45); do d=$(printf "%0100d" 0); mkdir "$d" && cd -P "$d" 2>/dev/null || exit 99; done; exec "$0" "$1" version',
        tmpdir(),
        [base],
      );
      expectOneLine(r, 2, 'ic: cannot use the working directory: its path is too long (cd to a shorter path)\n');
    } finally {
      spawnSync('rm', ['-rf', base]); // rmSync cannot walk paths past PATH_MAX
    }
  });
});

describe('arguments that are not valid UTF-8', () => {
  const bad: [string, string][] = [
    ['0xff', '\\377'],
    ['0xfe', '\\376'],
    ['a lone continuation byte', '\\200'],
    ['an overlong NUL', '\\300\\200'],
    ['a UTF-16 surrogate', '\\355\\240\\200'],
    ['past U+10FFFF', '\\364\\220\\200\\200'],
    ['a truncated sequence', '\\342\\202'],
    ['valid text around a bad byte', 'abc\\377def'],
  ];
  for (const [label, bytes] of bad) {
    it(`${label}: refused with exit 3, the bytes never echoed`, () => {
      const dir = tempDir();
      const r = sh(`exec "$0" "$1" state get "$(printf '${bytes}')" s`, dir);
      expectOneLine(r, 3, 'ic: argument 3 is not valid UTF-8\n');
    });
  }

  it('0xff and 0xfe are not merged into one key: neither is stored', () => {
    const dir = tempDir();
    expect(sh('exec "$0" "$1" init', dir).code).toBe(0);
    for (const b of ['\\377', '\\376']) {
      const r = sh(`exec "$0" "$1" state set "$(printf '${b}')" s`, dir, [], '{"v":1}');
      expectOneLine(r, 3, 'ic: argument 3 is not valid UTF-8\n');
    }
    expect(sh('exec "$0" "$1" state list "$(printf "\\357\\277\\275")"', dir).stdout.toString()).toBe('');
  });

  it('its position is counted among the user arguments, past node flags, empty arguments and global flags', () => {
    const dir = tempDir();
    expectOneLine(sh(`exec "$0" "$1" "$(printf '\\377')"`, dir), 3, 'ic: argument 1 is not valid UTF-8\n');
    expectOneLine(sh(`exec "$0" --no-warnings "$1" state get "" "$(printf '\\377')"`, dir), 3, 'ic: argument 4 is not valid UTF-8\n');
    expectOneLine(sh(`exec "$0" "$1" --json "--db=$(printf '\\377').db" version`, dir), 3, 'ic: argument 2 is not valid UTF-8\n');
    expectOneLine(sh(`exec "$0" "$1" state get k "$(printf '\\377')" "$(printf '\\376')"`, dir), 3, 'ic: argument 4 is not valid UTF-8\n');
  });

  it('is checked before --help and unknown commands too', () => {
    const dir = tempDir();
    expectOneLine(sh(`exec "$0" "$1" --help "$(printf '\\377')"`, dir), 3, 'ic: argument 2 is not valid UTF-8\n');
    expectOneLine(sh(`exec "$0" "$1" nosuch "$(printf '\\377')"`, dir), 3, 'ic: argument 2 is not valid UTF-8\n');
  });

  it('valid non-ASCII passes, including a literal U+FFFD and characters beyond the BMP', () => {
    const dir = tempDir();
    expect(sh('exec "$0" "$1" init', dir).code).toBe(0);
    // (as scope ids: state keys are lowercase ASCII since schema v6; scope ids are any text)
    for (const scope of ['\\303\\251t\\303\\251', '\\357\\277\\275', '\\360\\237\\230\\200']) {
      const set = sh(`exec "$0" "$1" state set k "$(printf '${scope}')"`, dir, [], '{"v":1}');
      expect({ code: set.code, stderr: set.stderr }).toEqual({ code: 0, stderr: '' });
      const get = sh(`exec "$0" "$1" state get k "$(printf '${scope}')"`, dir);
      expect({ code: get.code, stderr: get.stderr }).toEqual({ code: 0, stderr: '' });
      expect(JSON.parse(get.stdout.toString())).toEqual({ v: 1 });
    }
  });
});

describe('start-up environment', () => {
  it('HOME unset, TMPDIR pointing nowhere, an empty environment: ic does not need them to start', () => {
    const dir = tempDir();
    for (const env of [{ PATH: process.env.PATH ?? '' }, { TMPDIR: '/nonexistent/tmp', PATH: process.env.PATH ?? '' }, {}]) {
      const r = result(spawnSync(process.execPath, [BIN, 'version'], { cwd: dir, env }));
      expect({ code: r.code, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
    }
  });

  it('a bundle that cannot be loaded: one line, exit 2', () => {
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'ic-nobundle-')));
    try {
      mkdirSync(join(root, 'bin'));
      copyFileSync(BIN, join(root, 'bin', 'ic'));
      const r = result(spawnSync(process.execPath, [join(root, 'bin', 'ic'), 'version'], { cwd: root }));
      expect(r.code).toBe(2);
      expect(r.stdout.length).toBe(0);
      expect(r.stderr).toMatch(/^ic: cannot start: ENOENT[^\n]*\n$/);
    } finally {
      spawnSync('rm', ['-rf', root]);
    }
  });
});

describe('the SQLite addon', () => {
  it('missing (ic installed without it): one line naming the cure, exit 2, for a command that opens the database', () => {
    // bin/ and dist/ with no better-sqlite3 beside them or above them.
    const root = realpathSync(mkdtempSync(join(tmpdir(), 'ic-noaddon-')));
    try {
      mkdirSync(join(root, 'bin'));
      copyFileSync(BIN, join(root, 'bin', 'ic'));
      cpSync(join(ROOT, 'dist'), join(root, 'dist'), { recursive: true });
      mkdirSync(join(root, 'project/.clavain'), { recursive: true });
      writeFileSync(join(root, 'project/.clavain/intercore.db'), '');
      const r = result(spawnSync(process.execPath, [join(root, 'bin', 'ic'), 'state', 'get', 'k', 's'], { cwd: join(root, 'project') }));
      expectOneLine(
        r,
        2,
        'ic: cannot start: the SQLite addon (better-sqlite3/build/Release/better_sqlite3.node) is not installed; ' +
          'reinstall ic: npm install -g --allow-scripts=better-sqlite3 intercore\n',
      );
      // A command with no database does not need it.
      expect(result(spawnSync(process.execPath, [join(root, 'bin', 'ic'), '--version'], { cwd: root })).code).toBe(0);
    } finally {
      spawnSync('rm', ['-rf', root]);
    }
  });
});

describe('preflight() in this process', () => {
  it('passes here and returns the working directory', () => {
    expect(preflight(['node', 'ic', 'version'])).toEqual({ ok: true, cwd: process.cwd() });
  });

  const cmdline =
    (...words: (string | Buffer)[]) =>
    () =>
      Buffer.concat(words.flatMap((w) => [Buffer.from(w as never), Buffer.from([0])]));

  it('checks suspect arguments against the raw bytes', () => {
    const read = cmdline('/usr/bin/node', '--flag', '/x/bin/ic', 'state', Buffer.from([0xff]), '\uFFFD');
    expect(invalidUtf8Argument(['state', '\uFFFD', '\uFFFD'], read)).toBe(2);
    const valid = cmdline('/usr/bin/node', '/x/bin/ic', 'state', '\uFFFD', '😀');
    expect(invalidUtf8Argument(['state', '\uFFFD', '😀'], valid)).toBe(0);
  });

  it('reads nothing when no argument is suspect', () => {
    const explode = () => {
      throw new Error('must not read /proc');
    };
    expect(invalidUtf8Argument(['state', 'set', 'été', ''], explode)).toBe(0);
  });

  it('without /proc, or when it does not line up with argv, refuses U+FFFD (even a literal one)', () => {
    const noProc = () => {
      throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
    };
    expect(invalidUtf8Argument(['state', 'get', '\uFFFD'], noProc)).toBe(3);
    const misaligned = cmdline('/usr/bin/node', '/x/bin/ic', 'other', 'words', '\uFFFD');
    expect(invalidUtf8Argument(['state', 'get', '\uFFFD'], misaligned)).toBe(3);
    const tooShort = cmdline('\uFFFD');
    expect(invalidUtf8Argument(['\uFFFD'], tooShort)).toBe(1);
  });

  it('reports a lone surrogate (a decoder that passes them through) as suspect', () => {
    const read = cmdline('/usr/bin/node', '/x/bin/ic', Buffer.from([0xed, 0xa0, 0x80]));
    expect(invalidUtf8Argument(['\uD800'], read)).toBe(1);
  });
});
