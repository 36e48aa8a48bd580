// Process identity on real processes: start times from /proc, pid reuse seen
// as 'other', zombies as gone, and pids that name groups never signalled.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { isOurAgent, processStartTime, safeSignalGroup, START_TOLERANCE_S } from '../../src/dispatch/identity';
import { isAlive, killGroup } from '../../src/dispatch/process';

const children: ChildProcess[] = [];
const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

afterEach(() => {
  // Node reaps its children, so exitCode/signalCode say whether the pid is
  // still this child's: a child that exited is never signalled (no reuse risk).
  for (const child of children.splice(0)) {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        child.kill('SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
  }
});

/** Starts a child and resolves once it runs, with started_at taken the way dispatch spawn takes it. */
async function start(file: string, args: string[], options: { detached?: boolean; stdout?: boolean } = {}) {
  const child = spawn(file, args, { detached: options.detached ?? true, stdio: ['ignore', options.stdout ? 'pipe' : 'ignore', 'ignore'] });
  children.push(child);
  await new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
  return { child, pid: child.pid!, startedAt: Math.floor(Date.now() / 1000) };
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => child.once('exit', () => resolve()));
}

/**
 * sh starts a child, prints its pid and becomes sleep, which never waits. The
 * child exits only once sh has become sleep: had it exited earlier, sh could
 * have reaped it before the exec (it did, under load), leaving no zombie.
 */
const ZOMBIE_SCRIPT = 'p=$$; (until read -r c </proc/$p/comm && [ "$c" = sleep ]; do sleep 0.01; done) & echo $!; exec sleep 60';

function procState(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
  } catch {
    return undefined;
  }
}

describe('processStartTime', () => {
  it('is this process start (USER_HZ = 100 checked against process.uptime)', () => {
    const start = processStartTime(process.pid)!;
    expect(start).toBeTypeOf('number');
    expect(Math.abs(start - (Date.now() / 1000 - process.uptime()))).toBeLessThan(1.5);
  });

  it('is a spawned child start, within the tolerance of its started_at', async () => {
    const { pid, startedAt } = await start('sleep', ['60']);
    const t = processStartTime(pid)!;
    expect(t).toBeGreaterThan(startedAt - START_TOLERANCE_S);
    expect(t).toBeLessThan(startedAt + 1);
  });

  it('is undefined without a /proc entry, and for pids that name no process', () => {
    expect(processStartTime(0)).toBeUndefined();
    expect(processStartTime(-1)).toBeUndefined();
    expect(processStartTime(Number.NaN)).toBeUndefined();
    expect(processStartTime(2 ** 22 + 12345)).toBeUndefined(); // above any pid_max
  });
});

describe('isOurAgent', () => {
  it('a live child matches its own start time', async () => {
    const { pid, startedAt } = await start('sleep', ['60']);
    expect(isOurAgent(pid, startedAt)).toBe('alive');
    expect(isOurAgent(pid)).toBe('alive');
    expect(isAlive(pid, startedAt)).toBe(true);
    expect(isAlive(pid)).toBe(true);
  });

  it('reads the start time after the last ")" when the command name holds spaces and parens', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ic-ident-'));
    try {
      const odd = join(dir, 'a) b (c');
      symlinkSync('/bin/sleep', odd);
      const { pid, startedAt } = await start(odd, ['60']);
      expect(readFileSync(`/proc/${pid}/stat`, 'latin1')).toContain('(a) b (c)');
      expect(isOurAgent(pid, startedAt)).toBe('alive');
      expect(isOurAgent(pid, startedAt - 3600)).toBe('other');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a dead pid is gone', async () => {
    const { child, pid, startedAt } = await start('true', []);
    await exited(child);
    expect(isOurAgent(pid, startedAt)).toBe('gone');
    expect(isOurAgent(pid)).toBe('gone');
    expect(isAlive(pid, startedAt)).toBe(false);
    expect(processStartTime(pid)).toBeUndefined();
  });

  it('a live process that started at another time is other (a reused pid), and is not signalled', async () => {
    const { child, pid, startedAt } = await start('sleep', ['60']);
    for (const off of [-3600, 3600]) {
      expect(isOurAgent(pid, startedAt + off)).toBe('other');
      expect(isAlive(pid, startedAt + off)).toBe(false);
      expect(safeSignalGroup(pid, 'SIGKILL', startedAt + off)).toBe(false);
      await killGroup(pid, 100, startedAt + off);
    }
    await sleep(200);
    expect(child.exitCode).toBeNull();
    expect(child.signalCode).toBeNull();
    expect(isOurAgent(pid, startedAt)).toBe('alive');
  });

  it('a zombie is gone', async () => {
    const { child } = await start('sh', ['-c', ZOMBIE_SCRIPT], { stdout: true });
    const zombie = await new Promise<number>((resolve) => child.stdout!.once('data', (d: Buffer) => resolve(Number(String(d).trim()))));
    // Until the child has exited, whatever the machine's load (the test's timeout bounds this).
    while (procState(zombie) !== 'Z') await sleep(10);
    const zombieStart = processStartTime(zombie)!;
    expect(zombieStart).toBeTypeOf('number');
    expect(isOurAgent(zombie, zombieStart)).toBe('gone');
    expect(isOurAgent(zombie)).toBe('gone');
    expect(isAlive(zombie)).toBe(false);
    expect(safeSignalGroup(zombie, 0, zombieStart)).toBe(false);
  });
});

describe('safeSignalGroup', () => {
  it('signals the group of our live agent: leader and the children it started', async () => {
    const { child, pid, startedAt } = await start('sh', ['-c', 'sleep 60 & echo $!; wait'], { stdout: true });
    const grandchild = await new Promise<number>((resolve) => child.stdout!.once('data', (d: Buffer) => resolve(Number(String(d).trim()))));
    expect(isOurAgent(grandchild)).toBe('alive');
    expect(safeSignalGroup(pid, 'SIGTERM', startedAt)).toBe(true);
    await exited(child);
    const deadline = Date.now() + 5000;
    while (isOurAgent(grandchild) === 'alive' && Date.now() < deadline) await sleep(10);
    expect(isOurAgent(grandchild)).not.toBe('alive');
  });

  it('killGroup stops our agent when given its started_at', async () => {
    const { child, pid, startedAt } = await start('sleep', ['60']);
    await killGroup(pid, 1000, startedAt);
    await exited(child);
    expect(child.signalCode).toBe('SIGTERM');
    expect(isOurAgent(pid, startedAt)).toBe('gone');
  });

  describe('pids that name groups or nothing are never signalled', () => {
    // SIGWINCH: ignored by default (harmless if a bug did send it) but
    // catchable, so a catcher in this process's group, and this process
    // itself, would see kill(0), kill(-1) or kill(+pid) from a negative pid.
    let winches = 0;
    const onWinch = () => {
      winches++;
    };
    beforeAll(() => {
      process.on('SIGWINCH', onWinch);
    });
    afterAll(() => {
      process.off('SIGWINCH', onWinch);
    });

    it('0, 1, negatives, NaN, fractions, infinities', async () => {
      const catcher = spawn(
        process.execPath,
        ['-e', "process.on('SIGWINCH', () => console.log('got')); console.log('ready'); setInterval(() => {}, 1000);"],
        {
          stdio: ['ignore', 'pipe', 'ignore'],
        },
      );
      children.push(catcher);
      let out = '';
      catcher.stdout!.on('data', (d: Buffer) => (out += String(d)));
      const deadline = Date.now() + 5000;
      while (!out.includes('ready') && Date.now() < deadline) await sleep(10);
      expect(out).toContain('ready');
      const now = Math.floor(Date.now() / 1000);

      const bad = [0, 1, -1, -5, -catcher.pid!, -process.pid, Number.NaN, 2.5, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY];
      for (const pid of bad) {
        for (const startedAt of [undefined, null, now]) {
          expect(() => safeSignalGroup(pid, 'SIGWINCH', startedAt)).not.toThrow();
          expect(safeSignalGroup(pid, 'SIGWINCH', startedAt)).toBe(false);
          expect(safeSignalGroup(pid, 0, startedAt)).toBe(false);
          expect(isOurAgent(pid, startedAt)).toBe('gone');
          expect(isAlive(pid, startedAt)).toBe(false);
        }
        await expect(killGroup(pid, 50)).resolves.toBeUndefined();
      }
      await sleep(300);
      expect(out).not.toContain('got');
      expect(winches).toBe(0);
      expect(catcher.exitCode).toBeNull();

      // The catcher does catch: the silence above is meaningful.
      process.kill(catcher.pid!, 'SIGWINCH');
      const seen = Date.now() + 5000;
      while (!out.includes('got') && Date.now() < seen) await sleep(10);
      expect(out).toContain('got');
    });
  });
});
