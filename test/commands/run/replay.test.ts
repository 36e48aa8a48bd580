import { describe, expect, it } from 'vitest';
import { type Project, project } from '../../helpers';
import { snapshot } from '../../hardening/common';
import { fixtureRun, newRun } from './common';

/** A run of its own 3-phase chain, advanced to completion. */
async function completedRun(p: Project): Promise<string> {
  const id = await newRun(p, '--phases=["a","b","c"]');
  for (let i = 0; i < 2; i++) expect((await p.ic(['run', 'advance', id, '--disable-gates'])).code).toBe(0);
  return id;
}

const phaseEvents = (p: Project, id: string) =>
  p.db().prepare('SELECT id, from_phase, to_phase, created_at FROM phase_events WHERE run_id = ? ORDER BY id').all(id) as {
    id: number;
    from_phase: string;
    to_phase: string;
    created_at: number;
  }[];

describe('run replay', () => {
  it('record and inputs: ids printed, Go objects (key "" unset, optional fields left out), tab-separated text', async () => {
    const p = await project();
    // Made with SQL: run create would record the run's first input.
    const id = 'run00001';
    fixtureRun(p, id);
    expect(await p.ic(['run', 'replay', 'inputs', id, '--json'])).toEqual({ code: 0, stdout: 'null\n', stderr: '' });
    expect(await p.ic(['run', 'replay', 'inputs', id])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await p.ic(['run', 'replay', 'record', id, '--kind=llm', '--key=response_snapshot', '--payload={"model":"claude"}'])).toEqual({
      code: 0,
      stdout: '1\n',
      stderr: '',
    });
    expect(
      await p.ic([
        '--json',
        'run',
        'replay',
        'record',
        id,
        '--kind',
        'time',
        '--artifact-ref=a.md',
        '--event-source=phase',
        '--event-id=7',
      ]),
    ).toEqual({ code: 0, stdout: '{"id":2}\n', stderr: '' });
    const rows = p
      .db()
      .prepare('SELECT id, run_id, kind, input_key, payload, artifact_ref, event_source, event_id, created_at FROM run_replay_inputs')
      .all() as {
      created_at: number;
    }[];
    expect(rows).toEqual([
      {
        id: 1,
        run_id: id,
        kind: 'llm',
        input_key: 'response_snapshot',
        payload: '{"model":"claude"}',
        artifact_ref: null,
        event_source: null,
        event_id: null,
        created_at: expect.any(Number),
      },
      {
        id: 2,
        run_id: id,
        kind: 'time',
        input_key: null,
        payload: '{}',
        artifact_ref: 'a.md',
        event_source: 'phase',
        event_id: 7,
        created_at: expect.any(Number),
      },
    ]);
    const [t1, t2] = rows.map((r) => r.created_at);
    expect(await p.ic(['run', 'replay', 'inputs', id])).toEqual({
      code: 0,
      stdout: '1\tllm\tresponse_snapshot\t{"model":"claude"}\n2\ttime\t\t{}\n',
      stderr: '',
    });
    expect(await p.ic(['run', 'replay', 'inputs', id, '--json', '--limit=1'])).toEqual({
      code: 0,
      stdout: `[{"id":1,"run_id":"${id}","kind":"llm","key":"response_snapshot","payload":"{\\"model\\":\\"claude\\"}","created_at":${t1}}]\n`,
      stderr: '',
    });
    expect(JSON.parse((await p.ic(['run', 'replay', 'inputs', id, '--json'])).stdout)[1]).toEqual({
      id: 2,
      run_id: id,
      kind: 'time',
      key: '',
      payload: '{}',
      artifact_ref: 'a.md',
      event_source: 'phase',
      event_id: 7,
      created_at: t2,
    });
  });

  it('a completed run: its events as decisions, with the inputs recorded for them (JSON and text)', async () => {
    const p = await project();
    const id = await completedRun(p);
    const [e1, e2] = phaseEvents(p, id);
    expect(await p.ic(['run', 'replay', 'record', id, '--kind=llm', `--event-source=phase`, `--event-id=${e2!.id}`])).toMatchObject({
      code: 0,
    });
    const at = p.db().prepare('SELECT created_at FROM run_replay_inputs ORDER BY id').pluck().all() as number[];
    const want = {
      run_id: id,
      mode: 'simulate',
      run_status: 'completed',
      decisions: [
        {
          event_id: e1!.id,
          source: 'phase',
          type: 'advance',
          from_state: 'a',
          to_state: 'b',
          timestamp: e1!.created_at,
          input_ids: [2],
          artifact_refs: ['phase:a', 'phase:b'],
        },
        {
          event_id: e2!.id,
          source: 'phase',
          type: 'advance',
          from_state: 'b',
          to_state: 'c',
          timestamp: e2!.created_at,
          input_ids: [3, 4],
          artifact_refs: ['phase:b', 'phase:c'],
        },
      ],
      // Go's captured inputs (the generated id, each move) and the one recorded by hand.
      inputs: [
        {
          id: 1,
          run_id: id,
          kind: 'random',
          key: 'run_id',
          payload: `{"generated_id":"${id}"}`,
          artifact_ref: `run:${id}`,
          event_source: 'run_create',
          created_at: at[0],
        },
        {
          id: 2,
          run_id: id,
          kind: 'time',
          key: 'phase_transition',
          payload: '{"event_type":"advance","from_phase":"a","gate_result":"none","gate_tier":"none","to_phase":"b"}',
          artifact_ref: `phase_event:${e1!.id}`,
          event_source: 'phase',
          event_id: e1!.id,
          created_at: at[1],
        },
        {
          id: 3,
          run_id: id,
          kind: 'time',
          key: 'phase_transition',
          payload: '{"event_type":"advance","from_phase":"b","gate_result":"none","gate_tier":"none","to_phase":"c"}',
          artifact_ref: `phase_event:${e2!.id}`,
          event_source: 'phase',
          event_id: e2!.id,
          created_at: at[2],
        },
        { id: 4, run_id: id, kind: 'llm', key: '', payload: '{}', event_source: 'phase', event_id: e2!.id, created_at: at[3] },
      ],
      events_expected: 2,
      events_found: 2,
      sparse: false,
      reexecute: { allowed: false, reason: 'simulate mode has no side effects' },
    };
    const json = await p.ic(['run', 'replay', id, '--mode=simulate', '--json']);
    expect(json).toEqual({ code: 0, stdout: `${JSON.stringify(want)}\n`, stderr: '' });
    // Deterministic: the same answer again.
    expect(await p.ic(['--json', 'run', 'replay', id])).toEqual(json);
    expect(await p.ic(['run', 'replay', id])).toEqual({
      code: 0,
      stdout: [
        `Run: ${id} (completed)`,
        'Mode: simulate',
        'Decisions: 2',
        'Recorded inputs: 4',
        'Events: 2 found / 2 expected',
        `  [phase#${e1!.id}] advance a -> b`,
        `  [phase#${e2!.id}] advance b -> c`,
        'Reexecute: allowed=false (simulate mode has no side effects)',
        '',
      ].join('\n'),
      stderr: '',
    });
  });

  it('reexecute is answered and refused (exit 1); a sparse record is exit 1; nothing written', async () => {
    const p = await project();
    const id = await completedRun(p);
    const before = snapshot(p.db());
    const gated = await p.ic(['run', 'replay', id, '--mode=reexecute', '--json']);
    expect(gated).toMatchObject({
      code: 1,
      stderr: 'ic: run replay: --mode=reexecute is not implemented: the kernel has no live re-execution path\n',
    });
    expect(JSON.parse(gated.stdout)).toMatchObject({
      mode: 'reexecute',
      reexecute: { allowed: false, reason: 'live reexecute is gated: pass --allow-live to request it' },
    });
    const live = await p.ic(['run', 'replay', id, '--mode=reexecute', '--allow-live', '--json']);
    expect(live.code).toBe(1);
    expect(JSON.parse(live.stdout).reexecute).toEqual({ allowed: false, reason: 'live reexecute is not implemented' });
    const sparse = await p.ic(['run', 'replay', id, '--limit=1']);
    expect(sparse).toMatchObject({
      code: 1,
      stderr: 'ic: run replay: event record is sparse (1/2 events) — replay is not a completeness certificate\n',
    });
    expect(sparse.stdout).toContain(
      'Events: 1 found / 2 expected\nSPARSE: the event record is incomplete — this replay does NOT certify the full timeline\n',
    );
    // A dispatch of the run raises what is expected: its spawn and its end.
    p.db()
      .prepare("INSERT INTO dispatches (id, project_dir, status, scope_id, created_at) VALUES ('dsp00001', '/p', 'completed', ?, 1)")
      .run(id);
    expect(JSON.parse((await p.ic(['run', 'replay', id, '--json'])).stdout)).toMatchObject({
      events_expected: 4,
      events_found: 2,
      sparse: true,
    });
    p.db().prepare('DELETE FROM dispatches').run();
    expect(snapshot(p.db())).toBe(before);
  });

  it('refusals and usage errors: one line, the right code, nothing written', async () => {
    const p = await project();
    const active = await newRun(p);
    const done = await completedRun(p);
    const before = snapshot(p.db());
    const cases: [string[], number, string][] = [
      [[active], 1, 'run must be completed for deterministic replay (it is active)'],
      [['nosuch01'], 1, 'not found: nosuch01'],
      [['record', 'nosuch01', '--kind=llm'], 1, 'not found: nosuch01'],
      [[done, '--mode=live'], 3, 'invalid --mode: live (simulate or reexecute)'],
      [[done, '--limit=0'], 3, 'invalid --limit: 0'],
      [['inputs', done, '--limit=x'], 3, 'invalid --limit: x'],
      [['inputs'], 3, 'missing argument <run_id> (run replay inputs <run_id>)'],
      [['record', done], 3, '--kind is required'],
      [['record', done, '--kind=llm', '--event-id=0'], 3, 'invalid --event-id: 0'],
      [['record', done, '--kind=llm', '--payload=not json'], 3, 'invalid --payload: not JSON'],
      [['record', done, '--kind=llm', '--mode=simulate'], 3, '--mode does not go with run replay record'],
      [['inputs', done, '--kind=llm'], 3, '--kind does not go with run replay inputs'],
      [[done, '--event-source=phase'], 3, '--event-source does not go with run replay <run_id>'],
      [[done, 'extra'], 3, 'unexpected argument extra (run replay <run_id> | inputs <run_id> | record <run_id>)'],
    ];
    for (const [args, code, message] of cases)
      expect(await p.ic(['run', 'replay', ...args])).toEqual({ code, stdout: '', stderr: `ic: run replay: ${message}\n` });
    expect(snapshot(p.db())).toBe(before);
  });
});
