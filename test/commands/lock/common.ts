// Fixtures of the lock command tests. `ic lock` works on the fixed base
// /tmp/intercore/locks, shared with everything else on the machine, so each
// test uses lock names of its own (removed afterwards) and looks only at
// its own lines of `lock list`.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, expect } from 'vitest';
import { BIN, type TimedIcResult } from '../../helpers';
import { LOCK_BASE, shareLockBaseInTurns } from '../../shared-lock-base';

export const BASE = LOCK_BASE;

// Every lock command test takes its turn on the shared base.
shareLockBaseInTurns();

const made: string[] = [];
afterEach(() => {
  while (made.length) rmSync(join(BASE, made.pop()!), { recursive: true, force: true });
});

let counter = 0;

/** A lock name no other test (here or in another process) uses; its directory goes after the test. */
export function lockName(tag = 't'): string {
  const name = `ic-test-${tag}-${process.pid}-${Date.now().toString(36)}-${++counter}`;
  made.push(name);
  return name;
}

/** The default owner of ic run in this process (its "calling shell" is our parent). */
export const inProcessOwner = () => `${process.ppid}:${hostname()}`;

export interface Planted {
  pid?: number;
  owner?: string;
  created?: number;
  /** Raw owner.json text instead of a record; null: no owner.json at all (a ghost). */
  raw?: string | null;
  /** Directory mtime, Unix seconds. */
  mtime?: number;
}

/** A lock directory written by hand, as another process (or an old one) would have left it. */
export function plant(name: string, scope: string, p: Planted = {}): string {
  mkdirSync(BASE, { recursive: true, mode: 0o700 });
  chmodSync(dirname(BASE), 0o700);
  chmodSync(BASE, 0o700);
  const dir = join(BASE, name, scope);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  if (p.raw !== null) {
    const text =
      p.raw ??
      JSON.stringify({
        pid: p.pid ?? 0,
        host: 'h',
        owner: p.owner ?? `${p.pid ?? 0}:h`,
        created: p.created ?? Math.floor(Date.now() / 1000),
      });
    writeFileSync(join(dir, 'owner.json'), text, { mode: 0o600 });
  }
  if (p.mtime !== undefined) utimesSync(dir, p.mtime, p.mtime);
  return dir;
}

export const nowSec = () => Math.floor(Date.now() / 1000);

/** Our lines of `lock list`/`lock stale` output: those of the given lock names. */
export function linesOf(stdout: string, ...names: string[]): string[] {
  return stdout.split('\n').filter((l) => names.includes(l.split('\t')[0]!));
}

/** Runs a shell script with `$IC` set to the built binary; returns its output. */
export function sh(script: string, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync('sh', ['-c', script], {
    encoding: 'utf8',
    env: { ...process.env, IC: `${process.execPath} ${BIN}`, ...env },
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Checks a race for mutual exclusion. A lock 5 s old is broken by whoever
 * meets it (the contract), and on a loaded machine 32 node processes can
 * take longer than that to start, so a late process may rightly win again.
 * With --verbose each winner prints "acquired" and exits at once; a second
 * win is legitimate only when it came at least 4 s (created is in whole
 * seconds) after the winner before it was spawned. In a run that ends
 * within 4 s, that means exactly one winner.
 */
export function expectOneWinnerAtATime(results: TimedIcResult[], n: string): void {
  const winners = results.filter((r) => r.code === 0).sort((a, b) => a.exitedMs - b.exitedMs);
  const losers = results.filter((r) => r.code !== 0);
  expect(winners.length).toBeGreaterThanOrEqual(1);
  for (const w of winners) expect(w).toMatchObject({ stdout: `acquired ${n}/s\n`, stderr: '' });
  for (const l of losers) expect(l).toMatchObject({ code: 1, stdout: '', stderr: 'ic: lock acquire: timed out\n' });
  for (let i = 1; i < winners.length; i++) expect(winners[i]!.exitedMs - winners[i - 1]!.startedMs).toBeGreaterThanOrEqual(4000);
  const spanMs = Math.max(...results.map((r) => r.exitedMs)) - Math.min(...results.map((r) => r.startedMs));
  if (spanMs < 4000) expect(winners).toHaveLength(1);
}
