// Dispatch rows and processes under faults (issue 18, classes 2-4): a spawn
// killed or failing between its writes never leaves an untracked agent, poll
// and wait end on any row a crash can leave, a kill always ends cancelled
// whatever poll does meanwhile, and a pid reused by a stranger is neither
// reported alive nor signalled. Every status change is a dispatch event.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAlive } from '../../src/dispatch/process';
import { BIN, runIcProcess } from '../helpers';
import { dispatchProject, row, spawnWith, waitFor } from '../commands/dispatch/common';
import { loops } from './common';
import { killLoop } from './kill-loop';

/** Spawns SIGKILLed in the kill loop (every one aimed; a loaded machine finishes a few first). */
const SPAWNS = loops(12, 30);

const events = (p: { db(): import('better-sqlite3').Database }, id: string) =>
  p
    .db()
    .prepare('SELECT from_status, to_status, event_type, run_id, reason FROM dispatch_events WHERE dispatch_id = ? ORDER BY id')
    .all(id);

describe('dispatch events: every status change, whichever command makes it', () => {
  it('spawn and poll: spawned → running → completed, with the scope as run_id', async () => {
    const p = await dispatchProject();
    const id = await spawnWith(p, 'pass', '--scope-id=run00001');
    await waitFor(() => existsSync(`${p.dir}/out-pass.md.verdict`));
    await new Promise((r) => setTimeout(r, 200));
    expect((await p.ic(['dispatch', 'wait', id, '--poll=50ms'])).code).toBe(0);
    expect((await p.ic(['dispatch', 'poll', id])).code).toBe(0); // terminal: no change, no event
    expect(events(p, id)).toEqual([
      { from_status: 'spawned', to_status: 'running', event_type: 'status_change', run_id: 'run00001', reason: null },
      { from_status: 'running', to_status: 'completed', event_type: 'status_change', run_id: 'run00001', reason: null },
    ]);
  });

  it('kill: running → cancelled; wait --timeout: running → timeout; a failed start: spawned → failed; tokens: none', async () => {
    const p = await dispatchProject();
    const a = await spawnWith(p, 'sleeps');
    await p.ic(['dispatch', 'tokens', a, '--in=5']);
    await p.ic(['dispatch', 'kill', a]);
    const b = await spawnWith(p, 'sleeps');
    expect((await p.ic(['dispatch', 'wait', b, '--timeout=200ms', '--poll=50ms'])).code).toBe(1);
    // No dispatch script anywhere and no codex on PATH: the agent cannot start.
    const r = p.icProcess(['dispatch', 'spawn', '--prompt-file=prompt.md'], { env: { PATH: '/nonexistent', CLAVAIN_DISPATCH_SH: '' } });
    expect(r.code).toBe(2);
    const failed = (p.db().prepare("SELECT id FROM dispatches WHERE status = 'failed'").get() as { id: string }).id;
    expect(events(p, a).map((e) => (e as { to_status: string }).to_status)).toEqual(['running', 'cancelled']);
    expect(events(p, b).map((e) => (e as { to_status: string }).to_status)).toEqual(['running', 'timeout']);
    expect(events(p, failed)).toEqual([
      { from_status: 'spawned', to_status: 'failed', event_type: 'status_change', run_id: null, reason: null },
    ]);
  });
});

describe('a spawn killed at any moment leaves a tracked agent or a failed row, never an untracked agent', () => {
  it('SIGKILL loop over dispatch spawn: every agent that ran is in a running row with its pid', async () => {
    const p = await dispatchProject();
    // An agent that announces itself: if it ran, its pid is in this file.
    writeFileSync(join(p.dir, 'scripts/tell.sh'), '#!/usr/bin/env bash\necho $$ >> "$(dirname "$0")/../ran"\nexec sleep 30\n', {
      mode: 0o755,
    });
    const started = Date.now();
    expect(runIcProcess(['dispatch', 'spawn', '--prompt-file=prompt.md', `--dispatch-sh=${p.dir}/scripts/tell.sh`], p.dir).code).toBe(0);
    const typical = Date.now() - started;
    const outcomes = await killLoop(
      Array.from({ length: SPAWNS }, () => ({
        args: ['dispatch', 'spawn', '--prompt-file=prompt.md', `--dispatch-sh=${p.dir}/scripts/tell.sh`],
      })),
      p.dir,
      { seed: 18, parallel: 2, typicalMs: typical, spare: 0, spread: 1 },
    );
    const killed = outcomes.filter((o) => o.killed).length;
    await new Promise((r) => setTimeout(r, 500)); // agents released at the last moment get to announce themselves
    const ran = existsSync(join(p.dir, 'ran')) ? readFileSync(join(p.dir, 'ran'), 'utf8').trim().split('\n').map(Number) : [];
    const rows = p.db().prepare('SELECT status, pid FROM dispatches').all() as { status: string; pid: number | null }[];
    const tracked = new Set(rows.filter((r) => r.status === 'running').map((r) => r.pid));
    for (const pid of ran) expect(tracked.has(pid), `agent ${pid} ran without a running row`).toBe(true);
    // What a crash left behind ends: spawned rows without a pid are failed by poll once abandoned.
    p.db().prepare("UPDATE dispatches SET created_at = created_at - 3600 WHERE status = 'spawned'").run();
    for (const { id } of p.db().prepare("SELECT id FROM dispatches WHERE status = 'spawned'").all() as { id: string }[]) {
      expect(await p.ic(['--json', 'dispatch', 'poll', id])).toMatchObject({
        code: 0,
        stdout: expect.stringContaining('"status":"failed"'),
      });
    }
    // Stop every agent that runs (the afterEach checks none is left).
    for (const { id } of p.db().prepare("SELECT id FROM dispatches WHERE status = 'running'").all() as { id: string }[])
      await p.ic(['dispatch', 'kill', id]);
    console.log(`crash: dispatch spawn: ${SPAWNS + 1} spawns, ${killed} killed by SIGKILL, ${ran.length} agents ran, all tracked`);
    expect(killed).toBeGreaterThan(SPAWNS / 6);
  }, 120_000);

  it('poll and wait end on a row a crash left: spawned without a pid (abandoned), running with a pid that is gone', async () => {
    const p = await dispatchProject();
    const db = p.db();
    db.prepare(
      "INSERT INTO dispatches (id, project_dir, status, created_at) VALUES ('orphan01', '/p', 'spawned', unixepoch() - 3600)",
    ).run();
    db.prepare("INSERT INTO dispatches (id, project_dir, status, created_at) VALUES ('young001', '/p', 'spawned', unixepoch())").run();
    db.prepare(
      "INSERT INTO dispatches (id, project_dir, status, pid, started_at) VALUES ('gone0001', '/p', 'running', 999999, unixepoch())",
    ).run();
    expect((await p.ic(['--json', 'dispatch', 'wait', 'orphan01', '--poll=20ms'])).stdout).toContain(
      '"error_message":"the spawn was interrupted before the agent started"',
    );
    expect(await p.ic(['dispatch', 'wait', 'gone0001', '--poll=20ms'])).toMatchObject({ code: 1 });
    expect(row(p, 'gone0001')).toMatchObject({ status: 'failed', exit_code: -1 });
    // A spawn in progress is left alone by poll; wait ends at its timeout.
    expect(row(p, 'young001')).toMatchObject({ status: 'spawned' });
    expect(await p.ic(['dispatch', 'wait', 'young001', '--timeout=100ms', '--poll=20ms'])).toMatchObject({ code: 1 });
    expect(row(p, 'young001')).toMatchObject({ status: 'timeout' });
  });
});

describe('dispatch kill racing poll and wait', () => {
  const ROUNDS = loops(5, 20);
  it(`${ROUNDS} rounds: kill and poll/wait started together; the dispatch always ends cancelled, kill always says killed`, async () => {
    const p = await dispatchProject();
    for (let round = 0; round < ROUNDS; round++) {
      const id = await spawnWith(p, 'sleeps');
      const run = (args: string[]) =>
        new Promise<{ code: number | null; stdout: string }>((done) => {
          const child = spawn(process.execPath, [BIN, ...args], { cwd: p.dir });
          let stdout = '';
          child.stdout.on('data', (d) => (stdout += d));
          child.on('close', (code) => done({ code, stdout }));
        });
      const [kill, ...others] = await Promise.all([
        run(['dispatch', 'kill', id]),
        run(['dispatch', 'poll', id]),
        run(['dispatch', 'wait', id, '--poll=10ms']),
        run(['dispatch', 'poll', id]),
      ]);
      expect(kill).toEqual({ code: 0, stdout: 'killed\n' });
      expect(others.every((o) => o.code === 0 || o.code === 1)).toBe(true);
      expect(row(p, id)).toMatchObject({ status: 'cancelled' });
      expect(events(p, id).map((e) => (e as { to_status: string }).to_status)).toEqual(['running', 'cancelled']);
    }
  }, 120_000);
});

describe('a pid reused by another process', () => {
  it('is not reported alive and is not killed; the dispatch is collected as gone', async () => {
    const p = await dispatchProject();
    const stranger = spawn('sleep', ['30'], { stdio: 'ignore', detached: true });
    try {
      // The row says this pid started an hour ago: a stranger holds it now.
      p.db()
        .prepare(
          "INSERT INTO dispatches (id, project_dir, status, pid, started_at) VALUES ('reused01', '/p', 'running', ?, unixepoch() - 3600)",
        )
        .run(stranger.pid);
      expect(await p.ic(['dispatch', 'kill', 'reused01'])).toEqual({ code: 0, stdout: 'killed\n', stderr: '' });
      expect(isAlive(stranger.pid!)).toBe(true);
      p.db().prepare("UPDATE dispatches SET status = 'running' WHERE id = 'reused01'").run();
      expect(JSON.parse((await p.ic(['--json', 'dispatch', 'poll', 'reused01'])).stdout)).toMatchObject({
        status: 'failed',
        exit_code: -1,
      });
      expect(isAlive(stranger.pid!)).toBe(true);
    } finally {
      // Reaped before the leak check after each test looks at its pid (a zombie still answers kill 0).
      const exited = new Promise((done) => stranger.once('exit', done));
      stranger.kill('SIGKILL');
      await exited;
    }
  });

  it('pids 0 and 1 and negatives in a row are never signalled', async () => {
    const p = await dispatchProject();
    for (const [id, pid] of [
      ['pid00000', 0],
      ['pid00001', 1],
      ['pidneg01', -1],
    ] as const) {
      p.db()
        .prepare("INSERT INTO dispatches (id, project_dir, status, pid, started_at) VALUES (?, '/p', 'running', ?, unixepoch())")
        .run(id, pid);
      expect(await p.ic(['dispatch', 'kill', id])).toEqual({ code: 0, stdout: 'killed\n', stderr: '' });
    }
    // Still here: ic did not signal its own group or every process of the user.
    expect(spawnSync('true').status).toBe(0);
  });
});
