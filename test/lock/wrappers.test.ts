// The bash fallbacks of the lock wrappers (lib-intercore.sh 0.4.0), assembled
// from their partials the way the generator binds arguments, sourced by a
// hook under `set -euo pipefail`. The fallback path is fixed by the contract
// (/tmp/intercore/locks), so these tests use lock names unique to the run.
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdtempSync,
  realpathSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  rmSync,
  symlinkSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { readPartial } from '../../codegen/generators/wrappers';
import { list, release } from '../../src/lock/locks';
import { shareLockBaseInTurns } from '../shared-lock-base';
import { mode, onCleanup, tempRoot } from './common';

const BASE = `/tmp/intercore-${process.geteuid!()}/locks`;
shareLockBaseInTurns();
const FUNCTIONS: [string, string, string][] = [
  ['intercore_lock_available', 'lock-available', ''],
  ['intercore_lock', 'lock', 'local name=${1:-} scope=${2:-} timeout=${3:-1s}'],
  ['intercore_unlock', 'unlock', 'local name=${1:-} scope=${2:-}'],
  ['intercore_lock_clean', 'lock-clean', 'local max_age=${1:-5s}'],
];

function assemble(): string {
  const parts = [
    '#!/usr/bin/env bash',
    '# shellcheck shell=bash',
    '# shellcheck disable=SC2034',
    'INTERCORE_LOCK_BIN="${INTERCORE_LOCK_BIN:-}"',
    // The lock partials run ic through the library's bounded runner.
    readPartial('helpers'),
  ];
  for (const [fn, partial, locals] of FUNCTIONS) {
    const body = readPartial(partial);
    parts.push('', `${fn}() {`, ...(locals ? [`  ${locals}`] : []), body, '}');
  }
  return `${parts.join('\n')}\n`;
}

let lib = '';
let binDir = '';
beforeAll(() => {
  // Not tempRoot(): that one goes after each test, and this lives for the file.
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'ic-lock-wrappers-')));
  lib = join(dir, 'lib.sh');
  writeFileSync(lib, assemble());
  // A PATH with the tools a hook has, but no ic or intercore.
  binDir = join(dir, 'bin');
  mkdirSync(binDir);
  const real = (tool: string) => spawnSync('bash', ['-c', `type -P ${tool}`], { encoding: 'utf8' }).stdout.trim();
  for (const tool of ['bash', 'mkdir', 'rmdir', 'rm', 'mv', 'hostname', 'find', 'stat', 'cat']) symlinkSync(real(tool), join(binDir, tool));
  // date and sleep as the real ones, but for what a test asks through the
  // environment: FAKE_NOW, the clock `date +%s` reads (so that ages are exact
  // however long a loaded machine takes between making a lock and the hook
  // judging it), under which sleep returns at once (the held clock does not
  // move); SLEEP_LOG, a file each sleep's argument is added to (so that how
  // long a wrapper waits is read from what it asked, not from a clock).
  const shim = (tool: string, body: string) => {
    writeFileSync(join(binDir, tool), `#!${join(binDir, 'bash')}\n${body}\nexec ${real(tool)} "$@"\n`);
    chmodSync(join(binDir, tool), 0o755);
  };
  shim('date', 'if [[ -n ${FAKE_NOW:-} && $# -eq 1 && $1 == +%s ]]; then echo "$FAKE_NOW"; exit 0; fi');
  shim('sleep', 'if [[ -n ${SLEEP_LOG:-} ]]; then echo "$*" >>"$SLEEP_LOG"; fi\nif [[ -n ${FAKE_NOW:-} ]]; then exit 0; fi');
  return () => rmSync(dir, { recursive: true, force: true });
});

interface Shell {
  code: number;
  stdout: string;
  stderr: string;
}

/** A hook: strict mode, the library sourced, then `script`. */
function hook(script: string, env: NodeJS.ProcessEnv = {}): Shell {
  const r = spawnSync(join(binDir, 'bash'), ['-c', `set -euo pipefail\nsource "$LIB"\n${script}\necho survived`], {
    encoding: 'utf8',
    env: { PATH: binDir, HOME: binDir, LIB: lib, ...env },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A hook whose `date +%s` says `now`. */
function hookAt(now: number, script: string, env: NodeJS.ProcessEnv = {}): Shell {
  return hook(script, { FAKE_NOW: String(now), ...env });
}

function hookAsync(script: string): Promise<Shell> {
  return new Promise((done) => {
    const child = spawn(join(binDir, 'bash'), ['-c', `set -euo pipefail\nsource "$LIB"\n${script}`], {
      env: { PATH: binDir, HOME: binDir, LIB: lib },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => done({ code: code ?? -1, stdout, stderr }));
  });
}

/** A lock name of this run only, removed afterwards. */
function lockName(): string {
  const name = `wrappers-test-${process.pid}-${Math.random().toString(36).slice(2, 8)}`;
  onCleanup(() => rmSync(join(BASE, name), { recursive: true, force: true }));
  return name;
}

const hasShellcheck = spawnSync('shellcheck', ['--version']).status === 0;
const shortHost = spawnSync('hostname', ['-s'], { encoding: 'utf8' }).stdout.trim() || 'unknown';

describe('lock wrappers: the assembled functions', () => {
  it.skipIf(!hasShellcheck)('pass shellcheck', () => {
    const r = spawnSync('shellcheck', ['--shell=bash', '--severity=style', lib], { encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('have no exit, and parse as bash', () => {
    // The helpers exit only subshells of their own; the lock functions never.
    const functions = readFileSync(lib, 'utf8').slice(readFileSync(lib, 'utf8').indexOf('\nintercore_lock_available() {'));
    expect(functions).not.toMatch(/\bexit\b/);
    expect(spawnSync('bash', ['-n', lib]).status).toBe(0);
  });
});

describe('lock wrappers without ic (fallback)', () => {
  it('lock_available is 1 with no ic on PATH', () => {
    expect(hook('intercore_lock_available && echo yes || echo no')).toMatchObject({ stdout: 'no\nsurvived\n', code: 0 });
  });

  it('a hook locks and unlocks; owner.json as the contract says, 0600 in 0700 directories', () => {
    const name = lockName();
    const before = Math.floor(Date.now() / 1000);
    const r = hook(
      `intercore_lock ${name} proj && echo "locked $$"\ncat "${BASE}/${name}/proj/owner.json"\nstat -c '%a' "${BASE}/${name}/proj/owner.json" "${BASE}/${name}/proj" "${BASE}/${name}"`,
    );
    expect(r.code).toBe(0);
    const [locked, json, fileMode, dirMode, nameMode, survived] = r.stdout.split('\n');
    const pid = locked!.replace('locked ', '');
    expect(json).toMatch(new RegExp(`^\\{"pid":${pid},"host":"${shortHost}","owner":"${pid}:${shortHost}","created":\\d+\\}$`));
    const created = Number(/"created":(\d+)/.exec(json!)![1]);
    // Taken while the hook ran (the real clock: no FAKE_NOW here).
    expect(created).toBeGreaterThanOrEqual(before);
    expect(created).toBeLessThanOrEqual(Math.ceil(Date.now() / 1000));
    expect([fileMode, dirMode, nameMode, survived]).toEqual(['600', '700', '700', 'survived']);
    expect(readFileSync(join(BASE, name, 'proj', 'owner.json'), 'utf8').endsWith('}\n')).toBe(true);
    expect(readdirSync(join(BASE, name, 'proj'))).toEqual(['owner.json']);

    expect(hook(`intercore_unlock ${name} proj; echo "rc=$?"`)).toMatchObject({ code: 0, stdout: 'rc=0\nsurvived\n' });
    expect(existsSync(join(BASE, name, 'proj'))).toBe(false);
    expect(existsSync(join(BASE, name))).toBe(true);
    // unlock of nothing is still 0
    expect(hook(`intercore_unlock ${name} proj; echo "rc=$?"`)).toMatchObject({ code: 0, stdout: 'rc=0\nsurvived\n' });
  });

  it('a held lock: returns 1 after about 1 s whatever the timeout (ten sleeps of 0.1 s)', () => {
    const name = lockName();
    // Under a held clock: on a loaded machine the lock could otherwise be 5 s old, and broken, by the second hook.
    const now = Math.floor(Date.now() / 1000);
    expect(hookAt(now, `intercore_lock ${name} s`).code).toBe(0);
    const log = join(tempRoot(), 'sleeps');
    const r = hookAt(now, `if intercore_lock ${name} s 30s; then echo got; else echo "busy $?"; fi`, { SLEEP_LOG: log });
    expect(r).toMatchObject({ code: 0, stdout: 'busy 1\nsurvived\n' });
    expect(readFileSync(log, 'utf8')).toBe('0.1\n'.repeat(10));
  });

  it('two fallback lockers exclude each other', async () => {
    const name = lockName();
    const marker = join(tempRoot(), 'inside');
    // Each holder checks that nobody else is inside while it holds the lock.
    const critical = `
      if intercore_lock ${name} s; then
        if [[ -e ${marker} ]]; then echo overlap; fi
        : >${marker}; sleep 0.2; rm -f ${marker}
        intercore_unlock ${name} s
        echo got
      else
        echo busy
      fi`;
    const results = await Promise.all(Array.from({ length: 6 }, () => hookAsync(critical)));
    const lines = results.map((r) => r.stdout.trim());
    for (const r of results) expect(r.code).toBe(0);
    expect(lines).not.toContain('overlap');
    expect(lines.filter((l) => l === 'got').length).toBeGreaterThanOrEqual(2);
    expect(lines.every((l) => l === 'got' || l === 'busy')).toBe(true);
  });

  it('refuses names and scopes that would leave the lock directory', () => {
    const root = tempRoot();
    for (const [n, s] of [
      ['..', 'x'],
      ['x', '..'],
      ['a/b', 's'],
      ['n', 'a\\b'],
      ['', 's'],
      ['.', 's'],
      ['a..b', 's'],
    ]) {
      const r = hook(`intercore_lock '${n}' '${s}' && echo got || echo "refused $?"\nintercore_unlock '${n}' '${s}'; echo "unlock $?"`);
      expect(r).toMatchObject({ code: 0, stdout: 'refused 1\nunlock 0\nsurvived\n' });
    }
    expect(readdirSync(root)).toEqual([]);
  });

  it('breaks what ic breaks (issue 31): a ghost or a lock 5 s old, one from ahead whose process is gone; not a young or live one', () => {
    const name = lockName();
    const now = Math.floor(Date.now() / 1000);
    const dead = Number(spawnSync('sh', ['-c', 'echo $$'], { encoding: 'utf8' }).stdout.trim());
    const make = (scope: string, mtime: number, owner?: { pid: number; created: number }, leftover?: string) => {
      const dir = join(BASE, name, scope);
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      if (owner) writeFileSync(join(dir, 'owner.json'), `{"pid":${owner.pid},"host":"h","owner":"o","created":${owner.created}}`);
      if (leftover) writeFileSync(join(dir, leftover), '{"pid"');
      utimesSync(dir, mtime, mtime);
    };
    make('ghost', now - 6, undefined, '.owner.json.tmp.1.1');
    make('ahead-ghost', now + 60);
    make('old', now - 60, { pid: process.pid, created: now - 60 });
    make('skewed', now - 6, { pid: process.pid, created: now + 3600 });
    make('ahead-dead', now + 3600, { pid: dead, created: now + 3600 });
    make('ahead-live', now + 3600, { pid: process.pid, created: now + 3600 });
    // The hooks' clock stays at `now`: every age is exactly what was made, however long this takes.
    for (const scope of ['ghost', 'ahead-ghost', 'old', 'skewed', 'ahead-dead']) {
      expect(hookAt(now, `intercore_lock ${name} ${scope} && echo got`).stdout, scope).toBe('got\nsurvived\n');
      expect(readdirSync(join(BASE, name, scope)), scope).toEqual(['owner.json']);
    }
    // Young: 4 s, one short of the 5 at which they may be broken.
    make('young-ghost', now - 4);
    make('young', now - 4, { pid: dead, created: now - 4 });
    for (const scope of ['young-ghost', 'young', 'ahead-live']) {
      expect(hookAt(now, `intercore_lock ${name} ${scope} && echo got || echo "busy $?"`).stdout, scope).toBe('busy 1\nsurvived\n');
    }
  });

  it('refuses a name or scope holding a control character (issue 31: it would break ic lock list)', () => {
    for (const part of ["$'a\\nb'", "$'a\\tb'"]) {
      expect(hook(`intercore_lock ${part} s && echo got || echo "refused $?"`).stdout).toBe('refused 1\nsurvived\n');
      expect(hook(`intercore_lock n ${part} && echo got || echo "refused $?"`).stdout).toBe('refused 1\nsurvived\n');
    }
  });

  it('refuses a symlink planted as the name directory, writing nothing through it', () => {
    const name = lockName();
    const target = tempRoot();
    mkdirSync(BASE, { recursive: true, mode: 0o700 });
    symlinkSync(target, join(BASE, name));
    expect(hook(`intercore_lock ${name} s && echo got || echo "refused $?"`)).toMatchObject({ stdout: 'refused 1\nsurvived\n' });
    expect(readdirSync(target)).toEqual([]);
  });

  it('lock_clean removes lock directories not modified within max_age (default 5 s), no pid check', () => {
    const name = lockName();
    // Ages against the hooks' clock, held at `now` (FAKE_NOW): exact however long the test takes.
    const now = Math.floor(Date.now() / 1000);
    const make = (scope: string, ageSec: number, withOwner = true) => {
      const dir = join(BASE, name, scope);
      mkdirSync(dir, { recursive: true });
      if (withOwner) writeFileSync(join(dir, 'owner.json'), `{"pid":${process.pid},"host":"h","owner":"live","created":1}`);
      utimesSync(dir, now - ageSec, now - ageSec);
    };
    const hook = (script: string) => hookAt(now, script);
    make('old', 60);
    make('ghost', 60, false);
    make('young', 2);
    make('ten', 10);
    expect(hook('intercore_lock_clean 30s; echo "rc=$?"')).toMatchObject({ code: 0, stdout: 'rc=0\nsurvived\n' });
    expect(readdirSync(join(BASE, name)).sort()).toEqual(['ten', 'young']);
    for (const bad of ['garbage', '0s', '1.5s', '']) {
      make('ten', 10);
      make('four', 4);
      make('young', 2);
      expect(hook(`intercore_lock_clean '${bad}'`).code).toBe(0); // 5 s
      expect(readdirSync(join(BASE, name)).sort()).toEqual(['four', 'young']);
    }
    make('ten', 10);
    make('four', 4);
    make('young', 2);
    expect(hook('intercore_lock_clean 1m').code).toBe(0);
    expect(readdirSync(join(BASE, name)).sort()).toEqual(['four', 'ten', 'young']);
    make('four', 4);
    make('young', 2);
    expect(hook('intercore_lock_clean').code).toBe(0);
    expect(readdirSync(join(BASE, name)).sort()).toEqual(['four', 'young']);
  });
});

describe('lock wrappers without ic: lock_clean and what killed writers leave (issue 31)', () => {
  it('removes a ghost holding a killed writer’s temp file, and a lock modified far ahead (a clock stepped back)', () => {
    const name = lockName();
    const now = Math.floor(Date.now() / 1000);
    const make = (scope: string, mtime: number, file: string) => {
      const dir = join(BASE, name, scope);
      mkdirSync(dir, { recursive: true });
      writeFileSync(join(dir, file), '{');
      utimesSync(dir, mtime, mtime);
    };
    make('ghost-tmp', now - 600, '.owner.json.tmp.1.1');
    make('ahead', now + 3600, 'owner.json');
    make('young', now + 60, 'owner.json'); // ahead by less than max_age
    expect(hookAt(now, 'intercore_lock_clean 2m').code).toBe(0);
    expect(readdirSync(join(BASE, name))).toEqual(['young']);
  });
});

describe('lock wrappers with a binary', () => {
  /** A fake ic that logs its arguments and exits with $FAKE_RC. */
  function fakeIc(): { bin: string; log: string } {
    const dir = tempRoot();
    const bin = join(dir, 'ic');
    const log = join(dir, 'log');
    writeFileSync(
      bin,
      `#!${join(binDir, 'bash')}\nprintf '%s|' "$@" >>"${log}"\necho >>"${log}"\necho noise; echo noise >&2\nexit "\${FAKE_RC:-0}"\n`,
    );
    chmodSync(bin, 0o755);
    return { bin, log };
  }
  const owner = (pid: string) => `${pid}:${shortHost}`;

  it('lock_available finds ic on PATH and caches it; INTERCORE_LOCK_BIN preset is enough', () => {
    const { bin } = fakeIc();
    const dir = join(bin, '..');
    expect(hook('intercore_lock_available && echo "$INTERCORE_LOCK_BIN"', { PATH: `${dir}:${binDir}` }).stdout).toBe(`${bin}\nsurvived\n`);
    expect(hook('intercore_lock_available && echo yes', { INTERCORE_LOCK_BIN: '/nowhere/ic' }).stdout).toBe('yes\nsurvived\n');
    // INTERCORE_BIN is not consulted
    expect(hook('intercore_lock_available || echo no', { INTERCORE_BIN: bin }).stdout).toBe('no\nsurvived\n');
  });

  it('lock runs ic lock acquire with timeout and owner; 0 and 1 are ic answers, output discarded', () => {
    const { bin, log } = fakeIc();
    for (const [rc, out] of [
      ['0', 'rc=0'],
      ['1', 'rc=1'],
    ] as const) {
      const r = hook('rc=0; intercore_lock build proj 3s || rc=$?; echo "$rc $$"', { INTERCORE_LOCK_BIN: bin, FAKE_RC: rc });
      const [line] = r.stdout.split('\n');
      const pid = line!.split(' ')[1]!;
      expect(line).toBe(`${out.slice(3)} ${pid}`);
      expect(r.stderr).toBe('');
      expect(readFileSync(log, 'utf8').trim().split('\n').pop()).toBe(`lock|acquire|build|proj|--timeout=3s|--owner=${owner(pid)}|`);
    }
    const r = hook('intercore_lock build proj; echo ok', { INTERCORE_LOCK_BIN: bin });
    expect(readFileSync(log, 'utf8').trim().split('\n').pop()).toMatch(/^lock\|acquire\|build\|proj\|--timeout=1s\|--owner=\d+:/);
    expect(r.stdout).toBe('ok\nsurvived\n');
  });

  it('lock falls back to mkdir when ic fails', () => {
    const { bin } = fakeIc();
    const name = lockName();
    for (const rc of ['2', '3', '127']) {
      expect(hook(`intercore_lock ${name} s${rc} && echo got`, { INTERCORE_LOCK_BIN: bin, FAKE_RC: rc }).stdout).toBe('got\nsurvived\n');
      expect(existsSync(join(BASE, name, `s${rc}`, 'owner.json'))).toBe(true);
    }
    expect(hook(`intercore_lock ${name} x && echo got`, { INTERCORE_LOCK_BIN: '/nowhere/ic' }).stdout).toBe('got\nsurvived\n');
  });

  it('unlock runs ic lock release with the owner, ignores its result, no fallback', () => {
    const { bin, log } = fakeIc();
    const name = lockName();
    expect(hook(`intercore_lock ${name} s`).code).toBe(0); // a fallback lock
    for (const rc of ['0', '1', '2']) {
      const r = hook(`intercore_unlock ${name} s; echo "rc=$? $$"`, { INTERCORE_LOCK_BIN: bin, FAKE_RC: rc });
      const pid = r.stdout.split('\n')[0]!.split(' ')[1]!;
      expect(r.stdout).toBe(`rc=0 ${pid}\nsurvived\n`);
      expect(readFileSync(log, 'utf8').trim().split('\n').pop()).toBe(`lock|release|${name}|s|--owner=${owner(pid)}|`);
    }
    expect(existsSync(join(BASE, name, 's'))).toBe(true);
  });

  it('lock_clean runs ic lock clean --older-than, ignores its result', () => {
    const { bin, log } = fakeIc();
    for (const [arg, flag] of [
      ['', '5s'],
      ['10m', '10m'],
    ]) {
      expect(hook(`intercore_lock_clean ${arg}; echo "rc=$?"`, { INTERCORE_LOCK_BIN: bin, FAKE_RC: '2' }).stdout).toBe('rc=0\nsurvived\n');
      expect(readFileSync(log, 'utf8').trim().split('\n').pop()).toBe(`lock|clean|--older-than=${flag}|`);
    }
  });
});

describe('the fallback base', () => {
  it('holds locks the library can list and release', () => {
    const name = lockName();
    const r = hook(`intercore_lock ${name} s; echo $$`);
    const pid = r.stdout.split('\n')[0]!;
    const mine = list().filter((e) => e.name === name);
    expect(mine.map((e) => [e.scope, e.record?.owner, e.record?.pid, e.record?.host])).toEqual([
      ['s', `${pid}:${shortHost}`, Number(pid), shortHost],
    ]);
    expect(release(name, 's', { owner: 'someone else' })).toEqual({ released: false, why: 'not owner' });
    expect(release(name, 's', { owner: `${pid}:${shortHost}` })).toEqual({ released: true });
  });

  it('is created 0700 when the wrapper makes it', () => {
    // Only checkable when this run created it; otherwise whoever did decided its mode.
    const name = lockName();
    expect(hook(`intercore_lock ${name} s`).code).toBe(0);
    expect(mode(lstatSync(join(BASE, name)))).toBe(0o700);
  });
});
