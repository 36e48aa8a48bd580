import { describe, expect, it } from 'vitest';
import { snapshot } from '../../hardening/common';
import { project } from '../../helpers';

async function withRun() {
  const p = await project();
  const run = (await p.ic(['run', 'create', '--project=/p', '--goal=g'])).stdout.trim();
  const add = p
    .db()
    .prepare("INSERT INTO dispatches (id, project_dir, scope_id, input_tokens, output_tokens, created_at) VALUES (?, '/p', ?, ?, ?, 1)");
  add.run('d1', run, 100, 50);
  add.run('d2', run, 10, 5);
  return { p, run };
}

const events = (p: Awaited<ReturnType<typeof project>>) =>
  p
    .db()
    .prepare('SELECT dispatch_id, run_id, from_status, to_status, event_type, reason, envelope_json FROM dispatch_events ORDER BY id')
    .all() as {
    envelope_json: string;
  }[];

describe('cost reconcile', () => {
  it("sets billed counts against the run's dispatches: equal is OK (exit 0), nothing else recorded", async () => {
    const { p, run } = await withRun();
    expect(await p.ic(['cost', 'reconcile', run, '--billed-in=110', '--billed-out=55'])).toEqual({
      code: 0,
      stdout: `Run: ${run}\n  Reported:     in=110 out=55\n  Billed:       in=110 out=55\n  Delta:        in=+0 out=+0\n  Source:       manual\n  Status:       OK\n`,
      stderr: '',
    });
    expect(
      p
        .db()
        .prepare(
          'SELECT run_id, dispatch_id, reported_in, reported_out, billed_in, billed_out, delta_in, delta_out, source FROM cost_reconciliations',
        )
        .all(),
    ).toEqual([
      {
        run_id: run,
        dispatch_id: null,
        reported_in: 110,
        reported_out: 55,
        billed_in: 110,
        billed_out: 55,
        delta_in: 0,
        delta_out: 0,
        source: 'manual',
      },
    ]);
    expect(events(p)).toEqual([]);
  });

  it('a discrepancy exits 1 and records a dispatch event of the run with its replay input', async () => {
    const { p, run } = await withRun();
    expect(await p.ic(['--json', 'cost', 'reconcile', run, '--billed-in=120', '--billed-out=50', '--source=invoice'])).toEqual({
      code: 1,
      stdout: `{"billed_in":120,"billed_out":50,"delta_in":10,"delta_out":-5,"discrepancy":true,"reported_in":110,"reported_out":55,"run_id":"${run}","source":"invoice"}\n`,
      stderr: '',
    });
    const [e] = events(p);
    expect({ ...e, envelope_json: undefined }).toEqual({
      dispatch_id: '',
      run_id: run,
      from_status: '',
      to_status: '',
      event_type: 'cost.reconciliation_discrepancy',
      reason: 'token discrepancy: in=+10 out=-5 (reported=110/55, billed=120/50)',
      envelope_json: undefined,
    });
    expect(JSON.parse(e!.envelope_json)).toMatchObject({
      policy_version: 'dispatch-lifecycle/v2',
      caller_identity: 'dispatch.store',
      capability_scope: `run:${run}`,
      trace_id: run,
    });
    const replay = p
      .db()
      .prepare('SELECT kind, input_key, payload, artifact_ref, event_source FROM run_replay_inputs WHERE input_key = ?')
      .all('dispatch_transition') as {
      payload: string;
    }[];
    expect(replay).toEqual([
      {
        kind: 'external',
        input_key: 'dispatch_transition',
        payload: `{"dispatch_id":"","envelope":${e!.envelope_json},"event_type":"cost.reconciliation_discrepancy","from_status":"","reason":"token discrepancy: in=+10 out=-5 (reported=110/55, billed=120/50)","to_status":""}`,
        artifact_ref: 'dispatch_event:1',
        event_source: 'dispatch',
      },
    ]);
  });

  it('--dispatch reconciles one dispatch; negative counts are taken', async () => {
    const { p, run } = await withRun();
    expect(await p.ic(['cost', 'reconcile', run, '--billed-in', '1', '--billed-out=-2', '--dispatch=d1'])).toEqual({
      code: 1,
      stdout: `Run: ${run}\n  Dispatch:     d1\n  Reported:     in=100 out=50\n  Billed:       in=1 out=-2\n  Delta:        in=-99 out=-52\n  Source:       manual\n  Status:       DISCREPANCY\n`,
      stderr: '',
    });
    expect(await p.ic(['--json', 'cost', 'reconcile', run, '--billed-in=100', '--billed-out=50', '--dispatch=d1'])).toEqual({
      code: 0,
      stdout: `{"billed_in":100,"billed_out":50,"delta_in":0,"delta_out":0,"discrepancy":false,"dispatch_id":"d1","reported_in":100,"reported_out":50,"run_id":"${run}","source":"manual"}\n`,
      stderr: '',
    });
    expect(events(p).map((e) => (e as unknown as { reason: string }).reason)).toEqual([
      'dispatch d1: token discrepancy: in=-99 out=-52 (reported=100/50, billed=1/-2)',
    ]);
  });

  it('an unknown run is reconciled against nothing reported (as in Go), without a replay input', async () => {
    const p = await project();
    expect((await p.ic(['--json', 'cost', 'reconcile', 'nosuch', '--billed-in=1', '--billed-out=2'])).code).toBe(1);
    expect(p.db().prepare('SELECT run_id, reported_in, delta_in FROM cost_reconciliations').all()).toEqual([
      { run_id: 'nosuch', reported_in: 0, delta_in: 1 },
    ]);
    expect(events(p)).toHaveLength(1);
    expect(p.db().prepare('SELECT count(*) AS n FROM run_replay_inputs').get()).toEqual({ n: 0 });
  });

  it('hostile input: one line, the right exit code, nothing written', async () => {
    const { p, run } = await withRun();
    const before = snapshot(p.db());
    const cases: [string[], number, string][] = [
      [
        [run, '--billed-in=1', '--billed-out=1', '--dispatch=nope'],
        2,
        'ic: cost reconcile: unknown dispatch "nope" (dispatch list shows them)\n',
      ],
      [[run, '--billed-in=1'], 3, 'ic: cost reconcile: --billed-out is required\n'],
      [[run, '--billed-in=x', '--billed-out=1'], 3, 'ic: cost reconcile: invalid --billed-in value "x": want a 64-bit integer\n'],
      [
        [run, '--billed-in=1', '--billed-out=99999999999999999999'],
        3,
        'ic: cost reconcile: invalid --billed-out value "99999999999999999999": want a 64-bit integer\n',
      ],
      [
        [run, '--billed-in=1', '--billed-out=1', '--bogus'],
        3,
        'ic: cost reconcile: unknown flag --bogus (see: ic cost reconcile --help)\n',
      ],
    ];
    for (const [args, code, stderr] of cases) {
      expect(await p.ic(['cost', 'reconcile', ...args])).toEqual({ code, stdout: '', stderr });
    }
    expect(snapshot(p.db())).toEqual(before);
  });
});
