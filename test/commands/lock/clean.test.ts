import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runIc, tempDir } from '../../helpers';
import { procState } from '../../../src/lock/liveness';
import { BASE, lockName, nowSec, plant } from './common';

/** A pid that names no process: a child that has exited and been reaped. */
async function deadPid(): Promise<number> {
  const child = spawn('true');
  await new Promise((done) => child.on('close', done));
  return child.pid!;
}

const kills: (() => void)[] = [];
afterEach(() => {
  while (kills.length) kills.pop()!();
});

/** "<n> cleaned": n counts every stale lock on the machine, so ours are at least `min` of them. */
function cleaned(stdout: string): number {
  const m = /^(\d+) cleaned\n$/.exec(stdout);
  expect(m, stdout).not.toBeNull();
  return Number(m![1]);
}

describe('lock clean', () => {
  it('removes stale locks of dead processes, keeps live ones and fresh ones, prints the count', async () => {
    const dir = tempDir();
    const n = lockName();
    const now = nowSec();
    const dead = await deadPid();
    plant(n, 'dead', { pid: dead, created: now - 60 });
    plant(n, 'nopid', { pid: 0, created: now - 60 });
    plant(n, 'ghost', { raw: null, mtime: now - 60 });
    plant(n, 'live', { pid: process.pid, created: now - 60 });
    plant(n, 'fresh', { pid: dead, created: now });
    // The host field is not consulted: a live pid "elsewhere" is still alive here.
    plant(n, 'elsewhere', { pid: process.pid, owner: `${process.pid}:other-host`, created: now - 60 });
    const r = await runIc(['lock', 'clean'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(cleaned(r.stdout)).toBeGreaterThanOrEqual(3);
    expect(readdirSync(join(BASE, n)).sort()).toEqual(['elsewhere', 'fresh', 'live']);
  });

  it('a zombie counts as dead', async () => {
    const dir = tempDir();
    const n = lockName();
    // sh starts a child that exits at once, then becomes `sleep`, which never reaps it.
    const parent = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 30'], { stdio: ['ignore', 'pipe', 'ignore'] });
    kills.push(() => parent.kill('SIGKILL'));
    const zombie = await new Promise<number>((done) => parent.stdout.once('data', (d) => done(Number(String(d).trim()))));
    for (let i = 0; i < 100 && procState(zombie) !== 'Z'; i++) await new Promise((r) => setTimeout(r, 20));
    expect(procState(zombie)).toBe('Z');
    plant(n, 'zombie', { pid: zombie, created: nowSec() - 60 });
    plant(n, 'parent', { pid: parent.pid!, created: nowSec() - 60 });
    const r = await runIc(['lock', 'clean'], dir);
    expect(r.code).toBe(0);
    expect(cleaned(r.stdout)).toBeGreaterThanOrEqual(1);
    expect(readdirSync(join(BASE, n))).toEqual(['parent']);
  });

  it('--older-than; --json and --db ignored; a bad duration is a usage error', async () => {
    const dir = tempDir();
    const n = lockName();
    const dead = await deadPid();
    plant(n, 'a', { pid: dead, created: nowSec() - 30 });
    expect(cleaned((await runIc(['lock', 'clean', '--older-than=1m'], dir)).stdout)).toBeGreaterThanOrEqual(0);
    expect(existsSync(join(BASE, n, 'a'))).toBe(true);
    const r = await runIc(['--json', '--db=../x.sqlite', 'lock', 'clean', '--older-than=20s'], dir);
    expect(r.code).toBe(0);
    expect(cleaned(r.stdout)).toBeGreaterThanOrEqual(1);
    expect(existsSync(join(BASE, n, 'a'))).toBe(false);
    expect(await runIc(['lock', 'clean', '--older-than=soon'], dir)).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: lock clean: invalid duration: soon\n',
    });
  });
});
