// `ic lock` works on one fixed directory, /tmp/intercore/locks, shared by
// every vitest worker. `lock clean` (and the bash fallback's, which checks no
// pid) removes what other tests planted as stale and still mean to look at,
// so the tests that use the base take turns: each holds this mutex for the
// length of a test. Tests that may acquire arbitrary names (the bad-input
// battery) also remove, when done, the lock names they added.
import { mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach } from 'vitest';

export const LOCK_BASE = `/tmp/intercore-${process.geteuid?.() ?? 0}/locks`;
const MUTEX = '/tmp/ic-test-shared-lock-base.mutex';
const WAIT_MS = 120_000;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Waits for the mutex; takes it over from a holder that died holding it. */
export async function takeSharedLockBase(): Promise<void> {
  const deadline = Date.now() + WAIT_MS;
  for (;;) {
    try {
      mkdirSync(MUTEX);
      writeFileSync(join(MUTEX, 'pid'), String(process.pid));
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    let holder = NaN;
    try {
      holder = Number(readFileSync(join(MUTEX, 'pid'), 'utf8'));
    } catch {
      // Between its mkdir and its write: look again.
    }
    if (Number.isInteger(holder) && holder > 0 && !alive(holder)) rmSync(MUTEX, { recursive: true, force: true });
    if (Date.now() > deadline) throw new Error(`${MUTEX} held for ${WAIT_MS} ms by pid ${holder}`);
    await new Promise((done) => setTimeout(done, 20));
  }
}

export function releaseSharedLockBase(): void {
  rmSync(MUTEX, { recursive: true, force: true });
}

/** Holds the mutex around every test of the calling file. */
export function shareLockBaseInTurns(): void {
  beforeEach(takeSharedLockBase, WAIT_MS + 1_000);
  afterEach(releaseSharedLockBase);
}

/** Runs `fn` holding the mutex; lock names it added to the base are removed afterwards. */
export async function inLockBaseTurn<T>(fn: () => Promise<T>): Promise<T> {
  await takeSharedLockBase();
  const before = new Set(names());
  try {
    return await fn();
  } finally {
    for (const name of names()) if (!before.has(name)) rmSync(join(LOCK_BASE, name), { recursive: true, force: true });
    releaseSharedLockBase();
  }
}

function names(): string[] {
  try {
    return readdirSync(LOCK_BASE);
  } catch {
    return [];
  }
}
