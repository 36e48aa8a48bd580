import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type JsonSchema, validate } from '../../json-schema';
import { BIN, ROOT, type Project, project } from '../../helpers';

/** Polls a growing output until it satisfies done (the test's own timeout bounds the wait); returns it. */
async function untilOutput(read: () => string, done: (out: string) => boolean): Promise<string> {
  while (!done(read())) await new Promise((r) => setTimeout(r, 20));
  return read();
}

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

  const REST = ',"interspect":0,"discovery":0,"review":0,"coordination":0,"agency":0,"intent":0}';

  it('a consumer cursor: saved after each batch (24 h), per run as <consumer>:<run>, reloaded; explicit since values win', async () => {
    const p = await project();
    seedEvents(p);
    expect(lines((await p.ic(['events', 'tail', '--all', '--consumer=c', '--limit=3'])).stdout).map(key)).toEqual([
      'dispatch:1',
      'phase:1',
      'phase:2',
    ]);
    const saved = p.db().prepare("SELECT scope_id, payload, expires_at - updated_at AS ttl FROM state WHERE key = 'cursor'").all();
    expect(saved).toEqual([
      {
        scope_id: 'c',
        payload: '{"phase":2,"dispatch":1,"interspect":0,"discovery":0,"review":0,"coordination":0,"agency":0,"intent":0}',
        ttl: 86400,
      },
    ]);
    expect(lines((await p.ic(['events', 'tail', '--all', '--consumer=c'])).stdout).map(key)).toEqual(['dispatch:2', 'phase:3']);
    expect(await p.ic(['events', 'tail', '--all', '--consumer=c'])).toEqual({ code: 0, stdout: '', stderr: '' });
    await p.ic(['events', 'tail', 'run00001', '--consumer=c']);
    expect(await p.ic(['events', 'cursor', 'list'])).toEqual({
      code: 0,
      stdout: `c\t{"phase":3,"dispatch":2${REST}\nc:run00001\t{"phase":3,"dispatch":1${REST}\n`,
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

  it('every source: interspect, review, coordination, agency, intent (and discovery with --all), each with its fields; the cursor holds them all', async () => {
    const p = await project();
    const db = p.db();
    db.prepare("INSERT INTO runs (id, project_dir, goal) VALUES ('run00001', '/p', 'g')").run();
    db.prepare(
      "INSERT INTO interspect_events (run_id, agent_name, event_type, override_reason, context_json, created_at) VALUES ('run00001', 'fd-a', 'correction', 'why', '{\"trace_id\":\"t1\"}', 50)",
    ).run();
    db.prepare(
      "INSERT INTO review_events (run_id, finding_id, agents_json, resolution, chosen_severity, impact, event_type, created_at) VALUES ('run00001', 'F-1', '{\"a\":\"P1\"}', 'accepted', 'P1', 'none', 'execution_defect', 50)",
    ).run();
    db.prepare(
      "INSERT INTO coordination_events (lock_id, run_id, event_type, owner, pattern, scope, envelope_json, created_at) VALUES ('l1', NULL, 'acquired', 'me', '*.go', 'src/', '{\"trace_id\":\"l1\",\"input_artifact_refs\":[\"*.go\"]}', 50)",
    ).run();
    db.prepare(
      "INSERT INTO agency_events (run_id, agency_name, event_type, cycle_id, stage, context_json, idempotency_key, created_at) VALUES ('run00001', 'build', 'stage.started', 'c1', 's1', '{}', 'k', 50)",
    ).run();
    db.prepare(
      "INSERT INTO intent_events (intent_type, bead_id, idempotency_key, session_id, run_id, success, error_detail, created_at) VALUES ('sprint.advance', 'B-1', 'k', 's', 'run00001', 0, 'no', 50)",
    ).run();
    db.prepare(
      "INSERT INTO discovery_events (discovery_id, event_type, from_status, to_status, payload, created_at) VALUES ('disc1', 'scored', 'new', 'scored', '{}', 50)",
    ).run();
    const all = await p.ic(['events', 'tail', '--all']);
    // The same second: by source name.
    expect(all.stdout.split('\n').filter(Boolean)).toEqual([
      '{"id":1,"run_id":"run00001","source":"agency","type":"stage.started","from_state":"build","to_state":"s1","reason":"{}","timestamp":"1970-01-01T00:00:50Z"}',
      '{"id":1,"run_id":"","source":"coordination","type":"acquired","from_state":"me","to_state":"*.go","envelope":{"trace_id":"l1","input_artifact_refs":["*.go"]},"timestamp":"1970-01-01T00:00:50Z"}',
      '{"id":1,"run_id":"disc1","source":"discovery","type":"scored","from_state":"new","to_state":"scored","reason":"{}","timestamp":"1970-01-01T00:00:50Z"}',
      '{"id":1,"run_id":"run00001","source":"intent","type":"sprint.advance","from_state":"B-1","to_state":"failed","reason":"no","timestamp":"1970-01-01T00:00:50Z"}',
      '{"id":1,"run_id":"run00001","source":"interspect","type":"correction","from_state":"fd-a","to_state":"","reason":"why","envelope":{"trace_id":"t1"},"timestamp":"1970-01-01T00:00:50Z"}',
      '{"id":1,"run_id":"run00001","source":"review","type":"execution_defect","from_state":"F-1","to_state":"accepted","reason":"{\\"a\\":\\"P1\\"}","timestamp":"1970-01-01T00:00:50Z"}',
    ]);
    for (const e of lines(all.stdout)) expect(validate(ENVELOPE, e)).toEqual([]);
    // A run's: no discovery events (they belong to no run), none of another run.
    expect(lines((await p.ic(['events', 'tail', 'run00001'])).stdout).map(key)).toEqual([
      'agency:1',
      'intent:1',
      'interspect:1',
      'review:1',
    ]);
    await p.ic(['events', 'tail', '--all', '--consumer=every']);
    expect(db.prepare("SELECT payload FROM state WHERE key = 'cursor'").get()).toEqual({
      payload: '{"phase":0,"dispatch":0,"interspect":1,"discovery":1,"review":1,"coordination":1,"agency":1,"intent":1}',
    });
    // Each source's since flag.
    expect(
      lines(
        (await p.ic(['events', 'tail', '--all', '--since-review=1', '--since-agency=1', '--since-intent=1', '--since-interspect=1']))
          .stdout,
      ).map(key),
    ).toEqual(['coordination:1', 'discovery:1']);
    expect(lines((await p.ic(['events', 'tail', '--all', '--since-discovery=1', '--since-coordination=1'])).stdout)).toHaveLength(4);
  });

  it('a cursor written before the new sources ({phase, dispatch}) reads with the others at 0; a durable one stays durable', async () => {
    const p = await project();
    seedEvents(p);
    p.db()
      .prepare(
        "INSERT INTO review_events (finding_id, agents_json, resolution, chosen_severity, impact, created_at) VALUES ('F', '{}', 'r', 's', 'i', 200)",
      )
      .run();
    p.db()
      .prepare(
        "INSERT INTO state (key, scope_id, payload, updated_at, expires_at) VALUES ('cursor', 'old', '{\"phase\":3,\"dispatch\":2}', 1, NULL)",
      )
      .run();
    expect(lines((await p.ic(['events', 'tail', '--all', '--consumer=old'])).stdout).map(key)).toEqual(['review:1']);
    expect(p.db().prepare("SELECT payload, expires_at FROM state WHERE scope_id = 'old'").get()).toEqual({
      payload: '{"phase":3,"dispatch":2,"interspect":0,"discovery":0,"review":1,"coordination":0,"agency":0,"intent":0}',
      expires_at: null,
    });
    // A position that is not a whole number: the whole cursor is unreadable (from the start).
    p.db().prepare("UPDATE state SET payload = '{\"phase\":1.5}' WHERE scope_id = 'old'").run();
    expect(lines((await p.ic(['events', 'tail', '--all', '--consumer=old'])).stdout)).toHaveLength(6);
  });

  it('the envelope of phase and dispatch events as ic stamps them: IC_TRACE_ID and IC_SPAN_ID carry a trace in', async () => {
    const p = await project();
    const run = p.icProcess(['run', 'create', '--goal=g']).stdout.trim();
    p.icProcess(['run', 'advance', run, '--priority=4'], { env: { IC_TRACE_ID: 'trace-9', IC_SPAN_ID: 'span-9' } });
    p.icProcess(['run', 'skip', run, 'strategized', '--reason=r']);
    const events = lines(p.icProcess(['events', 'tail', run]).stdout);
    expect(events.map((e) => e.envelope)).toEqual([
      {
        policy_version: 'phase-machine/v1',
        caller_identity: 'phase.store',
        capability_scope: `run:${run}`,
        trace_id: 'trace-9',
        span_id: 'span-9',
        parent_span_id: 'phase-state:brainstorm',
        input_artifact_refs: ['phase:brainstorm'],
        output_artifact_refs: ['phase:brainstorm-reviewed'],
      },
      {
        policy_version: 'phase-machine/v1',
        caller_identity: 'phase.store',
        capability_scope: `run:${run}`,
        trace_id: run,
        span_id: expect.stringMatching(/^phase:skip:\d{19}$/),
        parent_span_id: 'phase-state:brainstorm-reviewed',
        input_artifact_refs: ['phase:brainstorm-reviewed'],
        output_artifact_refs: ['phase:strategized'],
      },
    ]);
    for (const e of events) expect(validate(ENVELOPE, e)).toEqual([]);
    const runEvents = JSON.parse(p.icProcess(['--json', 'run', 'events', run]).stdout) as { envelope: { trace_id: string } }[];
    expect(runEvents.map((e) => e.envelope.trace_id)).toEqual(['trace-9', run]);
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
      // The new event is written once the follower has printed; it is stopped once that event has come (conditions, not clocks).
      await untilOutput(
        () => out,
        (o) => o.length > 0,
      );
      p.db().prepare("INSERT INTO phase_events (run_id, from_phase, to_phase, created_at) VALUES ('run00002', 'b', 'c', 200)").run();
      await untilOutput(
        () => out,
        (o) => o.includes('"to_state":"c"') && o.endsWith('\n'),
      );
      child.kill(signal);
      const code = await new Promise((r) => child.on('close', r));
      expect(code).toBe(0);
      expect(out.endsWith('\n')).toBe(true);
      expect(lines(out).at(-1)).toMatchObject({ from_state: 'b', to_state: 'c' });
    }
  });
});
