// Many processes on one lock: mkdir decides, exactly one wins, nobody errors,
// and owner.json is never seen half-written.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildSync } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBase } from '../../src/lock/base';
import { acquire, release } from '../../src/lock/locks';
import { loops } from '../hardening/common';
import { tempBase, tempRoot } from './common';

/** Processes racing for one lock (32 under IC_STRESS=1). */
const RACERS = loops(8, 32);

const ROOT = resolve(__dirname, '../..');
let driverJs = '';

// One bundled driver: many plain node starts cost far less than 32 tsx starts.
beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), 'ic-lock-driver-'));
  driverJs = join(dir, 'driver.cjs');
  buildSync({
    entryPoints: [join(__dirname, 'driver.ts')],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    outfile: driverJs,
    logLevel: 'error',
  });
  return () => rmSync(dir, { recursive: true, force: true });
});

interface Exit {
  code: number;
  stdout: string;
  stderr: string;
}

function start(args: string[], onReady?: () => void): { child: ChildProcess; done: Promise<Exit> } {
  const child = spawn(process.execPath, [driverJs, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => {
    const before = stdout;
    stdout += d;
    if (onReady && !before.includes('ready\n') && stdout.includes('ready\n')) onReady();
  });
  child.stderr!.on('data', (d) => (stderr += d));
  const done = new Promise<Exit>((ok) => child.on('close', (code) => ok({ code: code ?? -1, stdout, stderr })));
  return { child, done };
}

/** Starts n acquirers, waits until every one is ready, then runs `go` and opens the barrier. */
async function acquirers(n: number, base: string, timeoutMs: number, go: () => void = () => {}): Promise<Exit[]> {
  const barrier = join(tempRoot(), 'go');
  let ready = 0;
  let allReady!: () => void;
  const whenReady = new Promise<void>((r) => (allReady = r));
  const runs = Array.from({ length: n }, (_, i) =>
    start(['acquire', base, 'race', 'scope', String(timeoutMs), `${1000 + i}:racer-${i}`, barrier], () => {
      if (++ready === n) allReady();
    }),
  );
  await whenReady;
  go();
  writeFileSync(barrier, '');
  return Promise.all(runs.map((r) => r.done));
}

function winners(results: Exit[]): number {
  for (const r of results) {
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
  }
  return results.filter((r) => r.stdout.includes('{"acquired":true}')).length;
}

describe('lock races between processes', () => {
  it(`${RACERS} acquirers with timeout 0: exactly one wins, none errors`, async () => {
    const base = tempBase();
    const results = await acquirers(RACERS, base, 0);
    expect(winners(results)).toBe(1);
  });

  it(`${RACERS} acquirers waiting 1 s while the holder releases after 300 ms: exactly one more wins`, async () => {
    const base = tempBase();
    let released: Promise<boolean> | undefined;
    const results = await acquirers(RACERS, base, 1000, () => {
      // Taken only now, so the lock is far from the 5 s at which it may be broken.
      expect(acquire('race', 'scope', { base, owner: 'holder' }).acquired).toBe(true);
      released = new Promise((ok) => setTimeout(() => ok(release('race', 'scope', { base, owner: 'holder' }).released), 300));
    });
    expect(await released).toBe(true);
    expect(winners(results)).toBe(1);
  });

  it('a reader never sees a half-written owner.json during many acquire/release cycles', async () => {
    const base = tempBase();
    ensureBase(base);
    const stop = join(tempRoot(), 'stop');
    const reader = start(['read', base, 'cyc', 'scope', stop]);
    const cyclers = Array.from({ length: 4 }, (_, i) => start(['cycle', base, 'cyc', 'scope', '150', `${2000 + i}:cycler-${i}`]));
    const done = await Promise.all(cyclers.map((c) => c.done));
    writeFileSync(stop, '');
    const read = await reader.done;
    for (const c of done) expect(c).toEqual({ code: 0, stdout: '{"cycles":150}\n', stderr: '' });
    expect(read.code).toBe(0);
    const stats = JSON.parse(read.stdout) as { reads: number; seen: number; bad: string[]; badCount: number };
    expect(stats.bad).toEqual([]);
    expect(stats.seen).toBeGreaterThan(0);
  });
});
