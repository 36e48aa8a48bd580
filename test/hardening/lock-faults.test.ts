// Issue 31, class 5 (locks), 6 (lock answers) and the per-user base: what
// a SIGKILL, a clock that ran ahead, a full /tmp, a hostile name or a second
// user leave must never block a lock for good nor pass for an answer.
// Waits are conditions (an exit), never the clock: "5 s old" is made by
// setting a directory's time back, not by sleeping.
import { spawnSync } from 'node:child_process';
import { hostname } from 'node:os';
import { mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BASE, expectOneWinnerAtATime, lockName, nowSec, plant } from '../commands/lock/common';
import { runIcConcurrentlyTimed, runIcProcess, tempDir } from '../helpers';
import { inPrivateTmp, isolated } from '../private-tmp';
import { killLoop } from './kill-loop';

/** A pid that was just used and is now gone. */
const deadPid = () => Number(spawnSync('sh', ['-c', 'echo $$'], { encoding: 'utf8' }).stdout.trim());

/** Sets a lock directory's time `seconds` back (or ahead, negative): time passing, without waiting for it. */
function age(dir: string, seconds: number): void {
  const t = Date.now() / 1000 - seconds;
  utimesSync(dir, t, t);
}

describe('what a killed writer or a skewed clock leaves never blocks a lock for good', () => {
  it('a ghost (SIGKILL between mkdir and owner.json) 5 s old: acquire breaks it, and so does lock clean', () => {
    const n = lockName('ghost');
    const dir = tempDir();
    for (const scope of ['empty', 'tmpfile']) {
      const ghost = plant(n, scope, { raw: null });
      if (scope === 'tmpfile') writeFileSync(join(ghost, '.owner.json.tmp.999999.1'), '{"pid"');
      age(ghost, 6);
    }
    expect(runIcProcess(['lock', 'acquire', n, 'empty', '--owner=me'], dir)).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(readdirSync(join(BASE, n, 'empty'))).toEqual(['owner.json']);
    expect(runIcProcess(['lock', 'clean'], dir)).toMatchObject({ code: 0, stderr: '' });
    expect(readdirSync(join(BASE, n))).toEqual(['empty']);
  });

  it('a lock written by a process whose clock ran an hour ahead, now dead: broken 5 s after it was made, and cleaned', () => {
    const n = lockName('skew');
    const dir = tempDir();
    for (const scope of ['acquire', 'clean']) age(plant(n, scope, { pid: deadPid(), created: nowSec() + 3600 }), 6);
    expect(runIcProcess(['lock', 'acquire', n, 'acquire', '--owner=me'], dir)).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(runIcProcess(['lock', 'clean'], dir)).toMatchObject({ code: 0, stdout: '1 cleaned\n' });
    // Both times ahead (our clock stepped back since): broken once the process is gone, never while it lives.
    age(plant(n, 'dead', { pid: deadPid(), created: nowSec() + 3600 }), -3600);
    age(plant(n, 'live', { pid: process.pid, created: nowSec() + 3600 }), -3600);
    expect(runIcProcess(['lock', 'acquire', n, 'dead', '--owner=me'], dir).code).toBe(0);
    expect(runIcProcess(['lock', 'acquire', n, 'live', '--owner=me', '--timeout=200ms'], dir).code).toBe(1);
    expect(runIcProcess(['lock', 'clean'], dir).stdout).toBe('0 cleaned\n');
  });

  it('kill loop: acquires SIGKILLed at random moments leave nothing that, 5 s on, acquire or clean cannot take', async () => {
    const n = lockName('kill');
    const dir = tempDir();
    const owner = `${deadPid()}:h`;
    const invocations = Array.from({ length: 16 }, (_, i) => ({ args: ['lock', 'acquire', n, `s${i}`, `--owner=${owner}`] }));
    const outcomes = await killLoop(invocations, dir, { seed: 31, parallel: 4, typicalMs: 120, spare: 0.1 });
    for (const o of outcomes) if (!o.killed) expect(o.code, o.stderr).toBe(0);
    const left = readdirSync(join(BASE, n));
    for (const scope of left) age(join(BASE, n, scope), 6);
    // Half are taken by an acquire, the rest removed by clean (their owner's process is gone).
    for (const scope of left.filter((_, i) => i % 2 === 0)) {
      expect(runIcProcess(['lock', 'acquire', n, scope, '--owner=me', '--timeout=200ms'], dir).code, scope).toBe(0);
    }
    expect(runIcProcess(['lock', 'clean'], dir).code).toBe(0);
    expect(readdirSync(join(BASE, n)).sort()).toEqual(left.filter((_, i) => i % 2 === 0).sort());
  }, 60_000);
});

describe('race: many acquirers meet one old ghost', () => {
  it('8 at once, twice: one holds it at a time, the others time out, none fails', async () => {
    const n = lockName('ghostrace');
    const dir = tempDir();
    for (let round = 0; round < 2; round++) {
      const ghost = plant(n, 's', { raw: null });
      writeFileSync(join(ghost, '.owner.json.tmp.999999.1'), '{');
      age(ghost, 10);
      const results = await runIcConcurrentlyTimed(8, ['--verbose', 'lock', 'acquire', n, 's', '--timeout=100ms'], dir);
      expect(results.filter((r) => r.code !== 1 && r.code !== 0)).toEqual([]);
      expectOneWinnerAtATime(results, n);
      expect(readdirSync(join(BASE, n, 's'))).toEqual(['owner.json']);
      expect(runIcProcess(['lock', 'release', n, 's', `--owner=${process.pid}:${hostname()}`], dir).code).toBe(0);
    }
  }, 60_000);
});

describe('hostile lock names and owners', () => {
  it('a name, scope or owner holding a newline or a tab: exit 2, nothing made; one on disk does not break lock list', () => {
    const n = lockName('ctl');
    const dir = tempDir();
    for (const args of [
      [`${n}\nx`, 's'],
      [n, 'a\tb'],
      [n, 's', '--owner=a\nb'],
    ]) {
      const r = runIcProcess(['lock', 'acquire', ...args], dir);
      expect(r.code, JSON.stringify(args)).toBe(2);
      expect(r.stderr).toMatch(/^ic: lock acquire: invalid (lock name or scope|owner: it holds a control character)\n$/);
    }
    expect(readdirSync(BASE).filter((e) => e.startsWith(n))).toEqual([]);
    // Made by hand (or by an old fallback): not a lock ic can have; list stays one line per lock.
    mkdirSync(join(BASE, n, 'two\nlines'), { recursive: true });
    plant(n, 'ok', { owner: 'tab\there' });
    const mine = runIcProcess(['lock', 'list'], dir)
      .stdout.split('\n')
      .filter((l) => l.includes(n));
    expect(mine).toEqual([`${n}\tok\ttab\\there\t${mine[0]?.split('\t')[3]}`]);
  });
});

describe.skipIf(!isolated)('in a private /tmp', () => {
  it('a full /tmp under the lock base: exit 2 naming the cause, not "held" (1); nothing left behind', () => {
    const out = inPrivateTmp(
      `
$IC lock acquire n s0 --owner=x; echo "rc=$?"
head -c 1M /dev/zero > /tmp/fill 2>/dev/null
$IC lock acquire n s1 --owner=x 2>&1; echo "rc=$?"
ls -A /tmp/intercore-0/locks/n
`,
      'size=64k',
    );
    expect(out.split('\n')).toEqual([
      'rc=0',
      'ic: lock acquire: cannot write the owner of lock /tmp/intercore-0/locks/n/s1: no space left on its file system (ENOSPC); free some space and retry',
      'rc=2',
      's0',
      '',
    ]);
  });

  it('a second user: each has a base of their own, whoever came first; the other user’s base is never used', () => {
    const out = inPrivateTmp(`
nobody() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
nobody $IC lock acquire n s --owner=theirs; echo "nobody rc=$?"
$IC lock acquire n s --owner=mine; echo "root rc=$?"
$IC lock list | cut -f1-3
nobody $IC lock list | cut -f1-3
stat -c '%U %a %n' /tmp/intercore-65534 /tmp/intercore-0
# A base squatted by another user is refused (exit 2), never written through.
mkdir -m 777 /tmp/intercore-1234 && chown 65534 /tmp/intercore-1234
setpriv --reuid=1234 --regid=1234 --clear-groups $IC lock acquire n s 2>&1; echo "squatted rc=$?"
`);
    expect(out.split('\n')).toEqual([
      'nobody rc=0',
      'root rc=0',
      'n\ts\tmine',
      'n\ts\ttheirs',
      'nobody 700 /tmp/intercore-65534',
      'root 700 /tmp/intercore-0',
      'ic: lock acquire: unsafe lock directory /tmp/intercore-1234: owned by uid 65534, not 1234',
      'squatted rc=2',
      '',
    ]);
  });
});
