import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, runIc, runIcConcurrentlyTimed, tempDir } from '../../helpers';
import { isolated, inPrivateTmp } from '../../private-tmp';
import { BASE, expectOneWinnerAtATime, inProcessOwner, lockName, nowSec, plant, sh } from './common';

const ok = { code: 0, stdout: '', stderr: '' };

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const start = performance.now();
  const r = await fn();
  return [r, performance.now() - start];
}

describe('lock acquire', () => {
  it('takes the lock silently: the directory with owner.json (0600) naming the default owner', async () => {
    const dir = tempDir();
    const n = lockName();
    const before = nowSec();
    expect(await runIc(['lock', 'acquire', n, 's1'], dir)).toEqual(ok);
    const lock = join(BASE, n, 's1');
    expect(statSync(lock).mode & 0o777).toBe(0o700);
    expect(statSync(join(lock, 'owner.json')).mode & 0o777).toBe(0o600);
    const text = readFileSync(join(lock, 'owner.json'), 'utf8');
    const record = JSON.parse(text) as { created: number };
    expect(text).toBe(
      `{"pid":${process.ppid},"host":${JSON.stringify(hostname())},"owner":"${inProcessOwner()}","created":${record.created}}`,
    );
    expect(record.created).toBeGreaterThanOrEqual(before);
    expect(record.created).toBeLessThanOrEqual(nowSec());
    // No database anywhere: nothing was created in the working directory.
    expect(existsSync(join(dir, '.clavain'))).toBe(false);
  });

  it('a held lock: exit 1, silent; --verbose reports "timed out" on stderr', async () => {
    const dir = tempDir();
    const n = lockName();
    expect(await runIc(['lock', 'acquire', n, 's', '--owner=a'], dir)).toEqual(ok);
    expect(await runIc(['lock', 'acquire', n, 's', '--owner=b', '--timeout=0'], dir)).toEqual({ code: 1, stdout: '', stderr: '' });
    expect(await runIc(['--verbose', 'lock', 'acquire', n, 's', '--owner=b', '--timeout=10ms'], dir)).toEqual({
      code: 1,
      stdout: '',
      stderr: 'ic: lock acquire: timed out\n',
    });
    // The same owner is no exception: a lock is held until released.
    expect((await runIc(['lock', 'acquire', n, 's', '--owner=a', '--timeout=10ms'], dir)).code).toBe(1);
    expect(JSON.parse(readFileSync(join(BASE, n, 's', 'owner.json'), 'utf8'))).toMatchObject({ owner: 'a' });
  });

  it('--verbose prints "acquired <name>/<scope>"; --json is ignored (the same text)', async () => {
    const dir = tempDir();
    const n = lockName();
    expect(await runIc(['--verbose', 'lock', 'acquire', n, 'a'], dir)).toEqual({ code: 0, stdout: `acquired ${n}/a\n`, stderr: '' });
    expect(await runIc(['lock', 'acquire', n, 'b', '--json', '--verbose'], dir)).toEqual({
      code: 0,
      stdout: `acquired ${n}/b\n`,
      stderr: '',
    });
    expect(await runIc(['--json', 'lock', 'acquire', n, 'c'], dir)).toEqual(ok);
    expect(await runIc(['--json', 'lock', 'acquire', n, 'c', '--timeout=0'], dir)).toEqual({ code: 1, stdout: '', stderr: '' });
  });

  it('--db is ignored, not even checked', async () => {
    const dir = tempDir();
    const n = lockName();
    expect(await runIc(['--db=../x.sqlite', 'lock', 'acquire', n, 's', '--db=/nonexistent/dir/x.db'], dir)).toEqual(ok);
    expect(await runIc(['lock', 'release', n, 's', '--db=../x.sqlite'], dir)).toEqual(ok);
  });

  it('--timeout after the command is the lock wait: 0, negative or none wait 1 s', async () => {
    const dir = tempDir();
    const n = lockName();
    // Made in the future (created and directory time), by a live process: never broken while these waits add up.
    plant(n, 's', { pid: process.pid, owner: 'holder', created: nowSec() + 3600, mtime: nowSec() + 3600 });
    const [short, shortMs] = await timed(() => runIc(['lock', 'acquire', n, 's', '--timeout=300ms'], dir));
    expect(short.code).toBe(1);
    // Lower bounds only: how late a loaded machine wakes a sleeper is not ic's behaviour. The exact
    // polling (every 100 ms, up to the deadline) is test/lock/locks.test.ts's, on a clock it controls.
    expect(shortMs).toBeGreaterThanOrEqual(290);
    for (const flag of [[], ['--timeout=0'], ['--timeout=-5s'], ['--timeout=-1ms']]) {
      const [r, ms] = await timed(() => runIc(['lock', 'acquire', n, 's', ...flag], dir));
      expect(r).toEqual({ code: 1, stdout: '', stderr: '' });
      expect(ms).toBeGreaterThanOrEqual(990);
    }
    // Before the command path, --timeout is the global (SQLite busy) timeout: the wait stays 1 s.
    const [global, globalMs] = await timed(() => runIc(['--timeout=100ms', 'lock', 'acquire', n, 's'], dir));
    expect(global.code).toBe(1);
    expect(globalMs).toBeGreaterThanOrEqual(990);
  });

  it('a bad --timeout is a usage error in the contract words', async () => {
    const dir = tempDir();
    const n = lockName();
    for (const v of ['bad', '5', '1x', '--', '1h-1s']) {
      expect(await runIc(['lock', 'acquire', n, 's', `--timeout=${v}`], dir)).toEqual({
        code: 3,
        stdout: '',
        stderr: `ic: lock acquire: invalid timeout: ${v}\n`,
      });
    }
    expect(await runIc(['lock', 'acquire', n, 's', '--timeout='], dir)).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: lock acquire: invalid timeout:\n',
    });
    expect(existsSync(join(BASE, n, 's'))).toBe(false);
  });

  it('names and scopes that could leave the base: exit 2, nothing made', async () => {
    const dir = tempDir();
    for (const [name, scope] of [
      ['..', 's'],
      ['.', 's'],
      ['a/b', 's'],
      ['n', '..'],
      ['n', 'x..y'],
      ['n', 'a\\b'],
      ['n', '.'],
    ]) {
      expect(await runIc(['lock', 'acquire', name!, scope!], dir)).toEqual({
        code: 2,
        stdout: '',
        stderr: 'ic: lock acquire: invalid lock name or scope\n',
      });
    }
    expect(await runIc(['lock', 'acquire', '', 's'], dir)).toMatchObject({
      code: 3,
      stderr: 'ic: lock acquire: missing argument <name>\n',
    });
    expect(await runIc(['lock', 'acquire', 'n'], dir)).toMatchObject({ code: 3 });
  });

  it('breaks a lock 5 s old or more, whatever its owner', async () => {
    const dir = tempDir();
    const n = lockName();
    plant(n, 's', { pid: process.pid, owner: 'someone', created: nowSec() - 6 });
    expect(await runIc(['lock', 'acquire', n, 's', '--owner=me', '--timeout=0'], dir)).toEqual(ok);
    expect(JSON.parse(readFileSync(join(BASE, n, 's', 'owner.json'), 'utf8'))).toMatchObject({ owner: 'me' });
  });

  it('the default owner is the calling shell: <its pid>:<hostname>', () => {
    const n = lockName();
    const r = sh(`$IC lock acquire ${n} s && echo "$$"`);
    expect(r.code).toBe(0);
    const shellPid = Number(r.stdout.trim());
    expect(shellPid).toBeGreaterThan(0);
    const owner = JSON.parse(readFileSync(join(BASE, n, 's', 'owner.json'), 'utf8')) as { pid: number; host: string; owner: string };
    expect(owner).toMatchObject({ pid: shellPid, host: hostname(), owner: `${shellPid}:${hostname()}` });
    // The same shell releases it without --owner; another shell cannot.
    expect(sh(`$IC lock release ${n} s`).code).toBe(1);
    expect(existsSync(join(BASE, n, 's'))).toBe(true);
    const same = sh(`$IC lock acquire ${n} t && $IC --verbose lock release ${n} t`);
    expect(same).toEqual({ code: 0, stdout: `released ${n}/t\n`, stderr: '' });
  });

  it('32 processes at once with --timeout=0: exactly one wins, the others exit 1, none 2', async () => {
    const dir = tempDir();
    const n = lockName('race');
    const results = await runIcConcurrentlyTimed(32, ['--verbose', 'lock', 'acquire', n, 's', '--timeout=0'], dir);
    expect(results.filter((r) => r.code === 2)).toEqual([]);
    expectOneWinnerAtATime(results, n);
  });

  it('32 waiting with --timeout=1s while the holder releases after 300 ms: exactly one more wins', async () => {
    const dir = tempDir();
    const n = lockName('wait');
    // Made in the future (created and directory time) by a live process, so never broken: only its release frees it, however slow the machine.
    plant(n, 's', { pid: process.pid, owner: 'holder', created: nowSec() + 3600, mtime: nowSec() + 3600 });
    let released: Promise<unknown> = Promise.resolve();
    const timer = setTimeout(() => {
      released = runIc(['lock', 'release', n, 's', '--owner=holder'], dir);
    }, 300);
    const results = await runIcConcurrentlyTimed(32, ['--verbose', 'lock', 'acquire', n, 's', '--timeout=1s'], dir);
    clearTimeout(timer);
    expect(await released).toEqual(ok);
    expect(results.filter((r) => r.code === 2)).toEqual([]);
    expectOneWinnerAtATime(results, n);
    const owner = JSON.parse(readFileSync(join(BASE, n, 's', 'owner.json'), 'utf8')) as { owner: string };
    expect(owner.owner).not.toBe('holder');
  });

  it('the built binary, as a hook runs it', () => {
    const n = lockName();
    const r = spawnSync(process.execPath, [BIN, '--verbose', 'lock', 'acquire', n, 's'], { encoding: 'utf8' });
    expect({ code: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: 0, stdout: `acquired ${n}/s\n`, stderr: '' });
    const owner = JSON.parse(readFileSync(join(BASE, n, 's', 'owner.json'), 'utf8')) as { pid: number };
    expect(owner.pid).toBe(process.pid); // ic's parent: this process
  });
});

// The base is the user's (/tmp/intercore-<uid>/locks, here root's) and shared with every other test
// and the user's sessions on the machine, so a hostile base is planted in a private
// mount namespace with its own /tmp: the real path, as ic sees it, while the
// shared one is never touched.
describe.skipIf(!isolated)('lock commands refuse an unsafe base (in a private /tmp, as root: /tmp/intercore-0)', () => {
  it('a symlink planted at /tmp/intercore-0: exit 2, one line naming it, nothing written through it', () => {
    const out = inPrivateTmp(`
mkdir /tmp/elsewhere && ln -s /tmp/elsewhere /tmp/intercore-0
$IC lock acquire n s 2>&1; echo "rc=$?"
$IC lock release n s 2>&1; echo "rc=$?"
$IC lock list 2>&1; echo "rc=$?"
$IC lock clean 2>&1; echo "rc=$?"
echo "elsewhere: $(ls -A /tmp/elsewhere)"
`);
    const line = (sub: string) => `ic: lock ${sub}: unsafe lock directory /tmp/intercore-0: it is a symbolic link`;
    expect(out.split('\n')).toEqual([
      line('acquire'),
      'rc=2',
      line('release'),
      'rc=2',
      line('list'),
      'rc=2',
      line('clean'),
      'rc=2',
      'elsewhere: ',
      '',
    ]);
  });

  it('a /tmp/intercore-0/locks owned by another user (uid 65534): exit 2, one line naming it', () => {
    const out = inPrivateTmp(`
mkdir -m 700 -p /tmp/intercore-0/locks && chown 65534 /tmp/intercore-0/locks
$IC lock acquire n s --timeout=0 2>&1; echo "rc=$?"
$IC lock stale 2>&1; echo "rc=$?"
echo "locks: $(ls -A /tmp/intercore-0/locks)"
chown 0 /tmp/intercore-0/locks && chown 65534 /tmp/intercore-0
$IC lock acquire n s 2>&1; echo "rc=$?"
`);
    expect(out.split('\n')).toEqual([
      'ic: lock acquire: unsafe lock directory /tmp/intercore-0/locks: owned by uid 65534, not 0',
      'rc=2',
      'ic: lock stale: unsafe lock directory /tmp/intercore-0/locks: owned by uid 65534, not 0',
      'rc=2',
      'locks: ',
      'ic: lock acquire: unsafe lock directory /tmp/intercore-0: owned by uid 65534, not 0',
      'rc=2',
      '',
    ]);
  });

  it('a missing base: list prints nothing (exit 0) and creates nothing; acquire creates both levels 0700', () => {
    const out = inPrivateTmp(`
$IC lock list; echo "rc=$?"
[ -e /tmp/intercore-0 ] && echo exists
$IC lock acquire n s; echo "rc=$?"
stat -c '%a %n' /tmp/intercore-0 /tmp/intercore-0/locks /tmp/intercore-0/locks/n /tmp/intercore-0/locks/n/s
`);
    expect(out.split('\n')).toEqual([
      'rc=0',
      'rc=0',
      '700 /tmp/intercore-0',
      '700 /tmp/intercore-0/locks',
      '700 /tmp/intercore-0/locks/n',
      '700 /tmp/intercore-0/locks/n/s',
      '',
    ]);
  });
});
