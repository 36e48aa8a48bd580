// Fixtures of the lock command tests. `ic lock` works on the fixed base
// /tmp/intercore/locks, shared with everything else on the machine, so each
// test uses lock names of its own (removed afterwards) and looks only at
// its own lines of `lock list`.
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import { BIN } from '../../helpers';
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
  chmodSync('/tmp/intercore', 0o700);
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
