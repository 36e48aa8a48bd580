import { spawn, spawnSync } from 'node:child_process';
import { existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ensureBase } from '../../src/lock/base';
import { isAlive, procState } from '../../src/lock/liveness';
import { acquire, clean, formatLockLine, list, release, stale } from '../../src/lock/locks';
import { ownerJson } from '../../src/lock/owner';
import { takeAndRemove } from '../../src/lock/remove';
import { mode, onCleanup, tempBase, tempRoot } from './common';

const T = 1_700_000_000_000; // a fixed wall clock, ms
const at = (ms: number) => () => ms;
const ownerText = (base: string, name: string, scope: string) => readFileSync(join(base, name, scope, 'owner.json'), 'utf8');

/** Plants a lock as another process would have left it. */
function plant(base: string, name: string, scope: string, record: { pid: number; host?: string; owner?: string; created: number }): string {
  const dir = join(base, name, scope);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  writeFileSync(join(dir, 'owner.json'), ownerJson({ host: 'h', owner: `${record.pid}:h`, ...record }));
  return dir;
}

function ghost(base: string, name: string, scope: string, mtimeMs: number): string {
  const dir = join(base, name, scope);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  utimesSync(dir, mtimeMs / 1000, mtimeMs / 1000);
  return dir;
}

/** A pid that was just used and is now gone (reaped). */
function deadPid(): number {
  const r = spawnSync('sh', ['-c', 'echo $$']);
  return Number(r.stdout.toString().trim());
}

describe('acquire', () => {
  it('writes owner.json byte for byte, mode 0600, and nothing else', () => {
    const base = tempBase();
    const r = acquire('build', 'proj', { base, owner: '77:ci-box', nowMs: at(T + 999) });
    expect(r).toEqual({ acquired: true, record: { pid: 77, host: 'ci-box', owner: '77:ci-box', created: T / 1000 } });
    expect(ownerText(base, 'build', 'proj')).toBe(`{"pid":77,"host":"ci-box","owner":"77:ci-box","created":${T / 1000}}`);
    expect(mode(lstatSync(join(base, 'build', 'proj', 'owner.json')))).toBe(0o600);
    expect(readdirSync(join(base, 'build', 'proj'))).toEqual(['owner.json']);
  });

  it('defaults the owner to <ppid>:<hostname>', () => {
    const base = tempBase();
    acquire('n', 's', { base, nowMs: at(T) });
    expect(ownerText(base, 'n', 's')).toBe(
      `{"pid":${process.ppid},"host":${JSON.stringify(hostname())},"owner":"${process.ppid}:${hostname()}","created":${T / 1000}}`,
    );
  });

  it('applies the owner rules with the given defaults', () => {
    const base = tempBase();
    acquire('n', 'a', { base, owner: 'agent:worker-3', defaultPid: 9, hostname: 'hh', nowMs: at(T) });
    acquire('n', 'b', { base, owner: 'solo', defaultPid: 9, hostname: 'hh', nowMs: at(T) });
    expect(ownerText(base, 'n', 'a')).toBe(`{"pid":9,"host":"worker-3","owner":"agent:worker-3","created":${T / 1000}}`);
    expect(ownerText(base, 'n', 'b')).toBe(`{"pid":9,"host":"hh","owner":"solo","created":${T / 1000}}`);
  });

  /** A clock that moves only when acquire sleeps: what it waited is exact, whatever the machine's load. */
  function fakeWait() {
    let now = 0;
    const sleeps: number[] = [];
    return {
      sleeps,
      clock: {
        monotonicMs: () => now,
        sleep: (ms: number) => {
          sleeps.push(ms);
          now += ms;
        },
      },
    };
  }

  it('times out on a held lock after the given wait, polling every 100 ms (not spinning)', () => {
    const base = tempBase();
    acquire('n', 's', { base, owner: 'a' });
    const { sleeps, clock } = fakeWait();
    expect(acquire('n', 's', { base, owner: 'b', timeoutMs: 350, waitClock: clock })).toEqual({ acquired: false });
    // Attempts at 0, 100, 200, 300 and 400 ms: the one past the deadline gives up.
    expect(sleeps).toEqual([100, 100, 100, 100]);
    expect(JSON.parse(ownerText(base, 'n', 's')).owner).toBe('a');
  });

  it('the real clock: a held lock is waited for at least the given time, then refused', () => {
    const base = tempBase();
    acquire('n', 's', { base, owner: 'a' });
    const t0 = performance.now();
    expect(acquire('n', 's', { base, owner: 'b', timeoutMs: 150 })).toEqual({ acquired: false });
    expect(performance.now() - t0).toBeGreaterThanOrEqual(150);
  });

  it.each([0, -5, undefined])('timeout %s means 1 s', (timeoutMs) => {
    const base = tempBase();
    acquire('n', 's', { base, owner: 'a' });
    const { sleeps, clock } = fakeWait();
    expect(acquire('n', 's', { base, owner: 'b', timeoutMs, waitClock: clock })).toEqual({ acquired: false });
    // Attempts at 0, 100, ... 1000 ms (the deadline itself is still within), then one at 1100 that gives up.
    expect(sleeps).toEqual(Array(11).fill(100));
  });

  it('a lock released while waiting is taken at the next poll', () => {
    const base = tempBase();
    acquire('n', 's', { base, owner: 'a' });
    const { sleeps, clock } = fakeWait();
    const releasing = {
      ...clock,
      sleep: (ms: number) => {
        clock.sleep(ms);
        if (sleeps.length === 3) release('n', 's', { base, owner: 'a' });
      },
    };
    expect(acquire('n', 's', { base, owner: 'b', timeoutMs: 5000, waitClock: releasing }).acquired).toBe(true);
    expect(sleeps).toEqual([100, 100, 100]);
    expect(JSON.parse(ownerText(base, 'n', 's')).owner).toBe('b');
  });

  it('makes at least one attempt even with the smallest wait', () => {
    const base = tempBase();
    expect(acquire('n', 's', { base, timeoutMs: 1e-9 }).acquired).toBe(true);
  });

  it('breaks a lock 5 s old or more, whatever its owner, leaving no breaking file', () => {
    const base = tempBase();
    acquire('n', 's', { base, owner: 'a', nowMs: at(T) });
    expect(acquire('n', 's', { base, owner: 'b', nowMs: at(T + 4999), timeoutMs: 150 })).toEqual({ acquired: false });
    expect(acquire('n', 's', { base, owner: 'b', nowMs: at(T + 5000), timeoutMs: 150 }).acquired).toBe(true);
    expect(JSON.parse(ownerText(base, 'n', 's'))).toMatchObject({ owner: 'b', created: T / 1000 + 5 });
    expect(readdirSync(join(base, 'n', 's'))).toEqual(['owner.json']);
  });

  it('breaks a lock written by the bash fallback (trailing newline)', () => {
    const base = tempBase();
    ensureBase(base);
    const dir = plant(base, 'n', 's', { pid: 1, created: T / 1000 - 60 });
    writeFileSync(join(dir, 'owner.json'), `${readFileSync(join(dir, 'owner.json'), 'utf8')}\n`);
    expect(acquire('n', 's', { base, owner: 'b', nowMs: at(T), timeoutMs: 150 }).acquired).toBe(true);
  });

  it('breaks a ghost (no readable owner.json: its writer was killed) whose directory is 5 s old or 5 s ahead; never a younger one', () => {
    const base = tempBase();
    ensureBase(base);
    const leftover = (dir: string, name: string, text: string, mtimeMs: number) => {
      writeFileSync(join(dir, name), text);
      utimesSync(dir, mtimeMs / 1000, mtimeMs / 1000);
    };
    ghost(base, 'n', 'empty', T - 5000);
    leftover(ghost(base, 'n', 'garbled', 0), 'owner.json', '{"pid":1,', T - 3_600_000);
    leftover(ghost(base, 'n', 'killed', 0), '.owner.json.tmp.1.1', '{"pid":1', T - 60_000);
    ghost(base, 'n', 'ahead', T + 5000);
    ghost(base, 'n', 'young', T - 4999);
    leftover(ghost(base, 'n', 'young-garbled', 0), 'owner.json', '{', T + 4999);
    for (const scope of ['empty', 'garbled', 'killed', 'ahead']) {
      expect(acquire('n', scope, { base, owner: 'me', nowMs: at(T), timeoutMs: 150 }).acquired, scope).toBe(true);
      expect(readdirSync(join(base, 'n', scope)), scope).toEqual(['owner.json']);
    }
    expect(acquire('n', 'young', { base, nowMs: at(T), timeoutMs: 150 })).toEqual({ acquired: false });
    expect(acquire('n', 'young-garbled', { base, nowMs: at(T), timeoutMs: 150 })).toEqual({ acquired: false });
    expect(readFileSync(join(base, 'n', 'young-garbled', 'owner.json'), 'utf8')).toBe('{');
  });

  it('a lock whose created lies ahead: aged by its directory time instead; if both lie ahead, broken once its process is gone', () => {
    const base = tempBase();
    ensureBase(base);
    // Written by a process whose clock ran an hour ahead, 5 s ago by the kernel's clock.
    const skewed = plant(base, 'n', 'skewed', { pid: process.pid, created: T / 1000 + 3600 });
    utimesSync(skewed, (T - 5000) / 1000, (T - 5000) / 1000);
    expect(acquire('n', 'skewed', { base, owner: 'me', nowMs: at(T), timeoutMs: 150 }).acquired).toBe(true);
    // Our clock stepped back an hour since: created and the directory time both lie ahead.
    for (const [scope, pid, acquired] of [
      ['dead', deadPid(), true],
      ['live', process.pid, false],
    ] as const) {
      const dir = plant(base, 'n', scope, { pid, created: T / 1000 + 3600 });
      utimesSync(dir, T / 1000 + 3600, T / 1000 + 3600);
      expect(acquire('n', scope, { base, owner: 'me', nowMs: at(T), timeoutMs: 150 }).acquired, scope).toBe(acquired);
    }
  });

  it('when owner.json cannot be written (a path too long, a full disk), removes the directory and fails at once', () => {
    // A lock path so long that the directory fits PATH_MAX but a file inside it does not.
    const root = tempRoot();
    let deep = root;
    while (deep.length < 3600) deep = join(deep, 'd'.repeat(Math.min(200, 3600 - deep.length)));
    mkdirSync(deep, { recursive: true });
    const base = join(deep, 'i', 'l');
    const scope = 's'.repeat(250);
    const name = 'n'.repeat(4085 - base.length - 2 - scope.length);
    const lockDir = join(base, name, scope);
    expect(lockDir.length).toBeLessThan(4096);
    expect(lockDir.length + '/owner.json'.length).toBeGreaterThanOrEqual(4096);
    expect(() => acquire(name, scope, { base, timeoutMs: 300 })).toThrow(/^cannot write the owner of lock .*: ENAMETOOLONG$/);
    expect(existsSync(lockDir)).toBe(false);
  });

  it('reports other mkdir failures as errors', () => {
    const base = tempBase();
    // a component longer than NAME_MAX: ENAMETOOLONG, not EEXIST
    expect(() => acquire('n', 's'.repeat(300), { base })).toThrow(/^cannot create lock directory .*: ENAMETOOLONG$/);
  });

  it('a plain file where the lock directory should be is a held lock (never broken)', () => {
    const base = tempBase();
    ensureBase(base);
    mkdirSync(join(base, 'n'));
    writeFileSync(join(base, 'n', 'file'), '');
    expect(acquire('n', 'file', { base, timeoutMs: 100 })).toEqual({ acquired: false });
  });
});

describe('release', () => {
  it('removes a lock of the same owner, keeping the name directory', () => {
    const base = tempBase();
    acquire('n', 's', { base, owner: 'me' });
    expect(release('n', 's', { base, owner: 'me' })).toEqual({ released: true });
    expect(existsSync(join(base, 'n', 's'))).toBe(false);
    expect(existsSync(join(base, 'n'))).toBe(true);
    expect(acquire('n', 's', { base, owner: 'other', timeoutMs: 100 }).acquired).toBe(true);
  });

  it('with default owners on both sides (the calling shell)', () => {
    const base = tempBase();
    acquire('n', 's', { base });
    expect(release('n', 's', { base })).toEqual({ released: true });
  });

  it('refuses another owner and leaves the lock as it was', () => {
    const base = tempBase();
    acquire('n', 's', { base, owner: 'me', nowMs: at(T) });
    const before = ownerText(base, 'n', 's');
    expect(release('n', 's', { base, owner: 'you' })).toEqual({ released: false, why: 'not owner' });
    expect(ownerText(base, 'n', 's')).toBe(before);
    expect(readdirSync(join(base, 'n', 's'))).toEqual(['owner.json']);
  });

  it('is not found when the lock, or a readable owner.json, is missing', () => {
    const base = tempBase();
    ensureBase(base);
    expect(release('n', 's', { base })).toEqual({ released: false, why: 'not found' });
    ghost(base, 'n', 'empty', T);
    expect(release('n', 'empty', { base })).toEqual({ released: false, why: 'not found' });
    const bad = ghost(base, 'n', 'bad', T);
    writeFileSync(join(bad, 'owner.json'), 'not json');
    expect(release('n', 'bad', { base })).toEqual({ released: false, why: 'not found' });
    expect(existsSync(bad)).toBe(true);
  });
});

describe('list and stale', () => {
  it('lists every lock sorted by name then scope; files ignored; ghosts without owner and age', () => {
    const base = tempBase();
    ensureBase(base);
    plant(base, 'b', 'z', { pid: 1, owner: 'o1', created: T / 1000 - 42 });
    plant(base, 'b', 'a', { pid: 2, owner: 'o2', created: T / 1000 - 125 });
    plant(base, 'a', 'x', { pid: 3, owner: 'o3', created: T / 1000 + 3 });
    plant(base, 'B', 'x', { pid: 3, owner: 'o4', created: T / 1000 - 3607 });
    ghost(base, 'c', 'g', T);
    writeFileSync(join(base, 'plain'), '');
    writeFileSync(join(base, 'b', 'plain'), '');
    const lines = list({ base }).map((e) => formatLockLine(e, T));
    expect(lines).toEqual(['B\tx\to4\t1h0m7s', 'a\tx\to3\t-3s', 'b\ta\to2\t2m5s', 'b\tz\to1\t42s', 'c\tg\t\t']);
  });

  it('age 0s for a lock just taken', () => {
    const base = tempBase();
    acquire('n', 's', { base, owner: 'me', nowMs: at(T + 400) });
    expect(list({ base }).map((e) => formatLockLine(e, T + 900))).toEqual(['n\ts\tme\t0s']);
  });

  it('stale: created before now − older-than (default 5 s); ghosts by directory mtime', () => {
    const base = tempBase();
    ensureBase(base);
    plant(base, 'n', 'old', { pid: 1, created: T / 1000 - 6 });
    plant(base, 'n', 'edge', { pid: 1, created: T / 1000 - 5 });
    plant(base, 'n', 'new', { pid: 1, created: T / 1000 });
    ghost(base, 'n', 'oldghost', T - 6000);
    ghost(base, 'n', 'newghost', T - 1000);
    expect(stale({ base, nowMs: at(T) }).map((e) => e.scope)).toEqual(['old', 'oldghost']);
    expect(stale({ base, nowMs: at(T + 1), olderThanMs: 5000 }).map((e) => e.scope)).toEqual(['edge', 'old', 'oldghost']);
    expect(stale({ base, nowMs: at(T), olderThanMs: 0 }).map((e) => e.scope)).toEqual(['edge', 'newghost', 'old', 'oldghost']);
    expect(stale({ base, nowMs: at(T), olderThanMs: 60_000 })).toEqual([]);
  });
});

describe('clean', () => {
  it('removes stale locks of dead pids and ghosts, keeps live pids and fresh locks, counts removals', () => {
    const base = tempBase();
    ensureBase(base);
    const old = T / 1000 - 60;
    plant(base, 'n', 'live', { pid: process.pid, created: old });
    plant(base, 'n', 'dead', { pid: deadPid(), created: old });
    plant(base, 'n', 'nopid', { pid: 0, created: old });
    plant(base, 'n', 'negative', { pid: -1, created: old });
    plant(base, 'n', 'fresh', { pid: deadPid(), created: T / 1000 });
    ghost(base, 'n', 'ghost', T - 60_000);
    const garbled = ghost(base, 'n', 'garbled', T - 60_000);
    writeFileSync(join(garbled, 'owner.json'), '{');
    writeFileSync(join(garbled, '.owner.json.tmp.1.1'), '{"pid"');
    utimesSync(garbled, (T - 60_000) / 1000, (T - 60_000) / 1000);
    const foreign = ghost(base, 'n', 'foreign', T - 60_000);
    writeFileSync(join(foreign, 'mine'), '');
    utimesSync(foreign, (T - 60_000) / 1000, (T - 60_000) / 1000);

    expect(clean({ base, nowMs: at(T) })).toBe(5);
    expect(readdirSync(join(base, 'n')).sort()).toEqual(['foreign', 'fresh', 'live']);
    expect(clean({ base, nowMs: at(T) })).toBe(0);
  });

  it('treats a zombie as dead', async () => {
    // sh starts a child, then becomes `sleep`, which never reaps it. The child
    // exits only once sh is sleep: exited earlier, sh could reap it before the exec.
    const parent = spawn(
      'sh',
      ['-c', 'p=$$; (until read -r c </proc/$p/comm && [ "$c" = sleep ]; do sleep 0.01; done) & echo $!; exec sleep 30'],
      { stdio: ['ignore', 'pipe', 'ignore'] },
    );
    onCleanup(() => parent.kill('SIGKILL'));
    const zombie = await new Promise<number>((done) => parent.stdout.once('data', (d) => done(Number(String(d).trim()))));
    // Until the child has exited, whatever the load (the test's timeout bounds this).
    while (procState(zombie) !== 'Z') await new Promise((r) => setTimeout(r, 20));
    expect(() => process.kill(zombie, 0)).not.toThrow(); // signal 0 alone would call it alive
    expect(isAlive(zombie)).toBe(false);
    expect(isAlive(parent.pid!)).toBe(true);

    const base = tempBase();
    ensureBase(base);
    plant(base, 'n', 'zombie', { pid: zombie, created: T / 1000 - 60 });
    plant(base, 'n', 'parent', { pid: parent.pid!, created: T / 1000 - 60 });
    expect(clean({ base, nowMs: at(T) })).toBe(1);
    expect(readdirSync(join(base, 'n'))).toEqual(['parent']);
  });

  it('liveness: pids 0, negative and beyond pid_max are dead; ours is alive', () => {
    expect(isAlive(process.pid)).toBe(true);
    expect(isAlive(0)).toBe(false);
    expect(isAlive(-1)).toBe(false);
    expect(isAlive(2 ** 40)).toBe(false);
    expect(isAlive(deadPid())).toBe(false);
  });
});

describe('planted files', () => {
  it('owner.json as a symlink or a FIFO is unreadable (a ghost): not followed, no hang', () => {
    const base = tempBase();
    ensureBase(base);
    const secret = join(tempRoot(), 'secret');
    writeFileSync(secret, ownerJson({ pid: 1, host: 'h', owner: 'secret', created: 1 }));
    const link = ghost(base, 'n', 'link', T);
    symlinkSync(secret, join(link, 'owner.json'));
    utimesSync(link, T / 1000, T / 1000);
    const fifo = ghost(base, 'n', 'fifo', T);
    expect(spawnSync('mkfifo', [join(fifo, 'owner.json')]).status).toBe(0);
    utimesSync(fifo, T / 1000, T / 1000);
    expect(list({ base }).map((e) => formatLockLine(e, T))).toEqual(['n\tfifo\t\t', 'n\tlink\t\t']);
    expect(release('n', 'link', { base, owner: 'secret' })).toEqual({ released: false, why: 'not found' });
    expect(acquire('n', 'link', { base, nowMs: at(T), timeoutMs: 50 })).toEqual({ acquired: false });
    // 5 s on, ghosts both: broken, the link removed and not followed, the FIFO removed without a hang.
    expect(acquire('n', 'link', { base, owner: 'me', nowMs: at(T + 5000), timeoutMs: 50 }).acquired).toBe(true);
    expect(acquire('n', 'fifo', { base, owner: 'me', nowMs: at(T + 5000), timeoutMs: 50 }).acquired).toBe(true);
    expect(readFileSync(secret, 'utf8')).toContain('"owner":"secret"');
  });
});

describe('taking a lock down', () => {
  it('puts back an owner.json that is not the one judged', () => {
    const base = tempBase();
    ensureBase(base);
    const dir = plant(base, 'n', 's', { pid: 1, owner: 'new', created: T / 1000 });
    const before = readFileSync(join(dir, 'owner.json'), 'utf8');
    const r = takeAndRemove(dir, (f) => f?.text === 'the stale one');
    expect(r).toMatchObject({ status: 'kept', file: { text: before } });
    expect(readdirSync(dir)).toEqual(['owner.json']);
    expect(readFileSync(join(dir, 'owner.json'), 'utf8')).toBe(before);
  });

  it('finds nothing to take in a ghost', () => {
    const base = tempBase();
    ensureBase(base);
    const dir = ghost(base, 'n', 's', T);
    expect(takeAndRemove(dir, () => true)).toEqual({ status: 'gone' });
    expect(existsSync(dir)).toBe(true);
  });
});
