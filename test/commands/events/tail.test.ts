import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type JsonSchema, validate } from '../../json-schema';
import { BIN, ROOT, type Project, project } from '../../helpers';

const ENVELOPE = JSON.parse(readFileSync(join(ROOT, 'generated/schemas/records/event-envelope.json'), 'utf8')) as JsonSchema;

/** A phase event and a dispatch event at chosen times, written directly. */
function seedEvents(p: Project) {
  const db = p.db();
  db.prepare("INSERT INTO runs (id, project_dir, goal) VALUES ('run00001', '/p', 'g'), ('run00002', '/p', 'h')").run();
  const phase = db.prepare(
    "INSERT INTO phase_events (run_id, from_phase, to_phase, event_type, reason, created_at) VALUES (?, 'a', 'b', 'advance', ?, ?)",
  );
  const dispatch = db.prepare(
    "INSERT INTO dispatch_events (dispatch_id, run_id, from_status, to_status, created_at) VALUES (?, ?, 'spawned', 'running', ?)",
  );
  phase.run('run00001', null, 100); // phase 1
  dispatch.run('d0000001', 'run00001', 100); // dispatch 1: same second, before the phase event
  phase.run('run00002', 'why <not>', 101); // phase 2
  dispatch.run('d0000002', null, 102); // dispatch 2: no run
  phase.run('run00001', null, 103); // phase 3
}

const lines = (stdout: string) =>
  stdout
    .trim()
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
const key = (e: Record<string, unknown>) => `${e.source}:${e.id}`;

describe('events tail', () => {
  it('the merge order across sources (time, then dispatch before phase, then id); the envelope byte for byte', async () => {
    const p = await project();
    seedEvents(p);
    const r = await p.ic(['events', 'tail', '--all']);
    expect(r.code).toBe(0);
    expect(lines(r.stdout).map(key)).toEqual(['dispatch:1', 'phase:1', 'phase:2', 'dispatch:2', 'phase:3']);
    expect(r.stdout.split('\n')[2]).toBe(
      `{"id":2,"run_id":"run00002","source":"phase","type":"advance","from_state":"a","to_state":"b","reason":"why \\u003cnot\\u003e","timestamp":"1970-01-01T00:01:41Z"}`,
    );
    expect(r.stdout.split('\n')[3]).toBe(
      '{"id":2,"run_id":"","source":"dispatch","type":"status_change","from_state":"spawned","to_state":"running","timestamp":"1970-01-01T00:01:42Z"}',
    );
    for (const e of lines(r.stdout)) expect(validate(ENVELOPE, e)).toEqual([]);
    // --json makes no difference.
    expect((await p.ic(['--json', 'events', 'tail', '--all'])).stdout).toBe(r.stdout);
  });

  it('a run: its phase events and the dispatch events of that run; an unknown run prints nothing', async () => {
    const p = await project();
    seedEvents(p);
    expect(lines((await p.ic(['events', 'tail', 'run00001'])).stdout).map(key)).toEqual(['dispatch:1', 'phase:1', 'phase:3']);
    expect(await p.ic(['events', 'tail', 'nosuch01'])).toEqual({ code: 0, stdout: '', stderr: '' });
    // --all decides when both are given.
    expect(lines((await p.ic(['events', 'tail', 'run00001', '--all'])).stdout)).toHaveLength(5);
  });

  it('--since-*, --limit (0 or less: 1000); several calls read more than a batch', async () => {
    const p = await project();
    seedEvents(p);
    expect(lines((await p.ic(['events', 'tail', '--all', '--since-phase=1', '--since-dispatch=1'])).stdout).map(key)).toEqual([
      'phase:2',
      'dispatch:2',
      'phase:3',
    ]);
    expect(lines((await p.ic(['events', 'tail', '--all', '--limit=2'])).stdout).map(key)).toEqual(['dispatch:1', 'phase:1']);
    expect(lines((await p.ic(['events', 'tail', '--all', '--limit=0'])).stdout)).toHaveLength(5);
    expect(lines((await p.ic(['events', 'tail', '--all', '--limit=-3'])).stdout)).toHaveLength(5);
  });

  it('a consumer cursor: saved after each batch (24 h), per run as <consumer>:<run>, reloaded; explicit since values win', async () => {
    const p = await project();
    seedEvents(p);
    expect(lines((await p.ic(['events', 'tail', '--all', '--consumer=c', '--limit=3'])).stdout).map(key)).toEqual([
      'dispatch:1',
      'phase:1',
      'phase:2',
    ]);
    const saved = p.db().prepare("SELECT scope_id, payload, expires_at - updated_at AS ttl FROM state WHERE key = 'cursor'").all();
    expect(saved).toEqual([{ scope_id: 'c', payload: '{"phase":2,"dispatch":1}', ttl: 86400 }]);
    expect(lines((await p.ic(['events', 'tail', '--all', '--consumer=c'])).stdout).map(key)).toEqual(['dispatch:2', 'phase:3']);
    expect(await p.ic(['events', 'tail', '--all', '--consumer=c'])).toEqual({ code: 0, stdout: '', stderr: '' });
    await p.ic(['events', 'tail', 'run00001', '--consumer=c']);
    expect(await p.ic(['events', 'cursor', 'list'])).toEqual({
      code: 0,
      stdout: 'c\t{"phase":3,"dispatch":2}\nc:run00001\t{"phase":3,"dispatch":1}\n',
      stderr: '',
    });
    // Explicit since values: read from there, and saved.
    expect(lines((await p.ic(['events', 'tail', '--all', '--consumer=c', '--since-phase=2'])).stdout).map(key)).toEqual([
      'dispatch:1',
      'dispatch:2',
      'phase:3',
    ]);
    // An expired or unreadable cursor starts from 0.
    p.db().prepare("UPDATE state SET expires_at = 1 WHERE scope_id = 'c'").run();
    expect(lines((await p.ic(['events', 'tail', '--all', '--consumer=c'])).stdout)).toHaveLength(5);
    p.db().prepare("UPDATE state SET payload = 'garbage' WHERE scope_id = 'c'").run();
    expect(lines((await p.ic(['events', 'tail', '--all', '--consumer=c'])).stdout)).toHaveLength(5);
  });

  it('bad input: no run and no --all, bad since/limit/poll-interval values (exit 3, the contract messages)', async () => {
    const p = await project();
    expect(await p.ic(['events', 'tail'])).toEqual({ code: 3, stdout: '', stderr: 'ic: events tail: provide <run_id> or --all\n' });
    for (const [flag, value] of [
      ['since-phase', 'x'],
      ['since-dispatch', '1.5'],
      ['limit', 'ten'],
      ['poll-interval', '5'],
    ]) {
      expect(await p.ic(['events', 'tail', '--all', `--${flag}=${value}`])).toEqual({
        code: 3,
        stdout: '',
        stderr: `ic: events tail: invalid --${flag}: ${value}\n`,
      });
    }
  });

  it('--follow (and -f) writes new events as they come and stops cleanly on SIGTERM and SIGINT (exit 0, whole lines)', async () => {
    const p = await project();
    seedEvents(p);
    for (const [flag, signal] of [
      ['--follow', 'SIGTERM'],
      ['-f', 'SIGINT'],
    ] as const) {
      const child = spawn(process.execPath, [BIN, 'events', 'tail', '--all', flag, '--poll-interval=50ms'], { cwd: p.dir });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      await new Promise((r) => setTimeout(r, 1500));
      p.db().prepare("INSERT INTO phase_events (run_id, from_phase, to_phase, created_at) VALUES ('run00002', 'b', 'c', 200)").run();
      await new Promise((r) => setTimeout(r, 1000));
      child.kill(signal);
      const code = await new Promise((r) => child.on('close', r));
      expect(code).toBe(0);
      expect(out.endsWith('\n')).toBe(true);
      expect(lines(out).at(-1)).toMatchObject({ from_state: 'b', to_state: 'c' });
    }
  });
});
