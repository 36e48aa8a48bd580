import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, project } from '../../helpers';
import { type JsonSchema, validate } from '../../json-schema';

const SCHEMA = JSON.parse(readFileSync(join(ROOT, 'generated/schemas/records/situation-snapshot.json'), 'utf8')) as JsonSchema;

describe('situation snapshot', () => {
  it('an empty database: every key, compact, one line', async () => {
    const p = await project();
    const r = await p.ic(['situation', 'snapshot']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^\{"timestamp":"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,9})?Z","runs":\[\],"dispatches":\{"active":0,"total":0,"agents":\[\]\},"recent_events":\[\],"agencies":\[\],"queue":\{"pending":0,"running":0,"retrying":0\}\}\n$/,
    );
    expect(validate(SCHEMA, JSON.parse(r.stdout))).toEqual([]);
  });

  it('the active runs (role, producer), active dispatches, the latest events, agencies, the queue; a run: its own, with its budget', async () => {
    const p = await project();
    const db = p.db();
    db.prepare(
      `INSERT INTO runs (id, project_dir, goal, phase, status, created_at, metadata, token_budget) VALUES
        ('run00001', '/p', 'first', 'executing', 'active', 10, '{"producer":{"kind":"agent","name":"clavain","version":"1"}}', 1000),
        ('run00002', '/p', 'second', 'goal-formed', 'active', 20, '{"producer":{"kind":"agent"}}', NULL),
        ('run00003', '/p', 'done', 'done', 'completed', 30, NULL, NULL)`,
    ).run();
    db.prepare(
      `INSERT INTO dispatches (id, agent_type, status, project_dir, scope_id, input_tokens, output_tokens, turns, created_at) VALUES
        ('d1', 'codex', 'running', '/p', 'run00001', 100, 50, 3, 5), ('d2', 'codex', 'completed', '/p', 'run00001', 7, 0, 1, 6)`,
    ).run();
    const phase = db.prepare(
      "INSERT INTO phase_events (run_id, from_phase, to_phase, event_type, created_at) VALUES (?, 'a', 'b', 'advance', ?)",
    );
    for (let i = 0; i < 30; i++) phase.run(i % 2 ? 'run00001' : 'run00002', 100 + i);
    db.prepare(
      "INSERT INTO agency_events (run_id, agency_name, event_type, cycle_id, stage, idempotency_key, created_at) VALUES ('run00001', 'build', 'a', 'c', 's1', 'k1', 60), ('run00001', 'build', 'b', 'c', 's2', 'k2', 61), (NULL, 'ship', 'a', 'c', 's', 'k3', 62)",
    ).run();
    db.prepare(
      "INSERT INTO scheduler_jobs (id, status, spawn_opts, created_at) VALUES ('j1', 'pending', '{}', 1), ('j2', 'pending', '{}', 1), ('j3', 'retrying', '{}', 1), ('j4', 'done', '{}', 1)",
    ).run();

    const all = JSON.parse((await p.ic(['situation', 'snapshot', '--events=5'])).stdout) as Record<string, any>;
    expect(validate(SCHEMA, all)).toEqual([]);
    expect(all.runs).toEqual([
      { id: 'run00002', phase: 'goal-formed', status: 'active', project_dir: '/p', goal: 'second', created_at: 20 },
      {
        id: 'run00001',
        phase: 'executing',
        oodarc_role: 'act',
        status: 'active',
        project_dir: '/p',
        goal: 'first',
        created_at: 10,
        producer: { kind: 'agent', name: 'clavain', version: '1' },
      },
    ]);
    expect(all.dispatches).toEqual({
      active: 1,
      total: 1,
      agents: [{ id: 'd1', agent_type: 'codex', status: 'running', turns: 3, input_tokens: 100, output_tokens: 50, scope_id: 'run00001' }],
    });
    // The latest five, oldest first.
    expect(all.recent_events.map((e: { id: number }) => e.id)).toEqual([26, 27, 28, 29, 30]);
    expect(all.agencies.map((a: { name: string; stage: string; last_event_id: number }) => [a.name, a.stage, a.last_event_id])).toEqual([
      ['build', 's2', 2],
      ['ship', 's', 3],
    ]);
    expect(all.agencies[0].updated_at).toBe('1970-01-01T00:01:01Z');
    expect(all.queue).toEqual({ pending: 2, running: 0, retrying: 1 });
    expect(all.budget).toBeUndefined();

    for (const args of [['--run=run00001'], ['run00001']]) {
      const one = JSON.parse((await p.ic(['situation', 'snapshot', ...args, '--events', '2'])).stdout) as Record<string, any>;
      expect(one.runs.map((r: { id: string }) => r.id)).toEqual(['run00001']);
      expect(one.recent_events.map((e: { id: number; run_id: string }) => [e.id, e.run_id])).toEqual([
        [28, 'run00001'],
        [30, 'run00001'],
      ]);
      expect(one.agencies.map((a: { name: string }) => a.name)).toEqual(['build']);
      expect(one.budget).toEqual({ run_id: 'run00001', budget: 1000, used: 157, remaining: 843 });
    }
    // A finished run too, when named; the default is 20 events.
    const done = JSON.parse((await p.ic(['--json', 'situation', 'snapshot', '--run=run00003'])).stdout) as Record<string, any>;
    expect(done.runs[0]).toMatchObject({ id: 'run00003', status: 'completed', oodarc_role: 'terminal' });
    expect((JSON.parse((await p.ic(['situation', 'snapshot'])).stdout) as { recent_events: unknown[] }).recent_events).toHaveLength(20);
    expect(await p.ic(['situation', 'snapshot', '--run=nosuch'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ic: situation snapshot: run not found: nosuch\n',
    });
    expect((await p.ic(['situation', 'snapshot', '--events=x'])).code).toBe(3);
  });
});
