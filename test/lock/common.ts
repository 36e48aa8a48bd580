// Temp lock bases for the lock tests: `<tmp>/intercore/locks`, so the base
// and its parent are both created by the code under test, as under /tmp.
import { mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

export function onCleanup(fn: () => void): void {
  cleanups.push(fn);
}

export function tempRoot(): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), 'ic-lock-')));
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A base that does not exist yet, nor its parent. */
export function tempBase(): string {
  return join(tempRoot(), 'intercore', 'locks');
}

export function mode(st: { mode: number }): number {
  return st.mode & 0o777;
}
