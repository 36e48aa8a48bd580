import { describe, expect, it } from 'vitest';
import { project } from '../../helpers';

describe('events record', () => {
  it('each source: interspect, review, agency print the id; coordination and intent print ok', async () => {
    const p = await project();
    const run = (await p.ic(['run', 'create', '--goal=g'])).stdout.trim();
    const rec = (...args: string[]) => p.ic(['events', 'record', ...args]);
    expect(
      await rec(
        '--source=interspect',
        '--type=routing_override',
        '--payload={"agent_name":"fd-quality","override_reason":"low recall","context":"{\\"score\\":0.4}"}',
        '--session=s42',
        '--project=/tmp/p',
      ),
    ).toEqual({ code: 0, stdout: '1\n', stderr: '' });
    expect(
      p
        .db()
        .prepare('SELECT agent_name, event_type, override_reason, context_json, session_id, project_dir, run_id FROM interspect_events')
        .get(),
    ).toEqual({
      agent_name: 'fd-quality',
      event_type: 'routing_override',
      override_reason: 'low recall',
      context_json: '{"score":0.4}',
      session_id: 's42',
      project_dir: '/tmp/p',
      run_id: null,
    });
    // With an idempotency key (kept in session_id, as Go keeps it): once per run, agent, type and key.
    const once = ['--source=interspect', '--type=t', '--payload={"agent_name":"a"}', '--idempotency-key=k', `--run=${run}`];
    expect((await rec(...once)).stdout).toBe('2\n');
    expect((await rec(...once)).stdout).toBe('2\n');
    expect((await rec(...once.slice(0, 4))).stdout).toBe('3\n');
    expect(p.db().prepare('SELECT session_id FROM interspect_events WHERE id = 2').get()).toEqual({ session_id: 'k' });

    const review =
      '{"finding_id":"f-001","agents":{"fd-quality":"critical"},"resolution":"accepted","chosen_severity":"high","impact":"data loss"}';
    expect(await rec('--source=review', '--type=execution_defect', `--payload=${review}`, `--run=${run}`)).toEqual({
      code: 0,
      stdout: '1\n',
      stderr: '',
    });
    expect(p.db().prepare('SELECT count(*) AS n FROM run_replay_inputs WHERE event_source = ?').get('review')).toEqual({ n: 1 });

    const coord = '{"lock_id":"lock-xyz","owner":"agent-1","pattern":"*.go","scope":"src/","reason":"editing"}';
    expect(await rec('--source=coordination', '--type=acquired', `--payload=${coord}`, `--run=${run}`)).toEqual({
      code: 0,
      stdout: 'ok\n',
      stderr: '',
    });
    const c = p.db().prepare('SELECT * FROM coordination_events').get() as Record<string, unknown>;
    expect(c).toMatchObject({ lock_id: 'lock-xyz', owner: 'agent-1', pattern: '*.go', scope: 'src/', reason: 'editing', run_id: run });
    expect(JSON.parse(c.envelope_json as string)).toEqual({
      policy_version: 'coordination/v1',
      caller_identity: 'coordination.store',
      capability_scope: 'scope:src/',
      trace_id: run,
      span_id: expect.stringMatching(/^coordination:acquired:\d{19}$/),
      input_artifact_refs: ['*.go'],
      output_artifact_refs: ['lock-xyz'],
    });
    expect(
      p.db().prepare("SELECT kind, input_key, artifact_ref, event_id FROM run_replay_inputs WHERE event_source = 'coordination'").get(),
    ).toEqual({
      kind: 'external',
      input_key: 'coordination_transition',
      artifact_ref: 'coordination_event:1',
      event_id: 1,
    });

    const intent = '{"intent_type":"sprint.advance","bead_id":"Demarch-abc","idempotency_key":"key-1","success":true}';
    expect(await rec('--source=intent', '--type=sprint.advance', `--payload=${intent}`, '--session=s42')).toEqual({
      code: 0,
      stdout: 'ok\n',
      stderr: '',
    });
    expect(
      p.db().prepare('SELECT intent_type, bead_id, idempotency_key, session_id, run_id, success, error_detail FROM intent_events').get(),
    ).toEqual({
      intent_type: 'sprint.advance',
      bead_id: 'Demarch-abc',
      idempotency_key: 'key-1',
      session_id: 's42',
      run_id: null,
      success: 1,
      error_detail: null,
    });

    const agency = '{"agency_name":"build","cycle_id":"c1","stage":"plan"}';
    expect(await rec('--source=agency', '--type=stage.entered', `--payload=${agency}`, '--idempotency-key=k1')).toEqual({
      code: 0,
      stdout: '1\n',
      stderr: '',
    });
    expect(await rec('--json', '--source=agency', '--type=other', `--payload=${agency}`, '--idempotency-key=k1')).toEqual({
      code: 0,
      stdout: '1\n',
      stderr: '',
    });
    expect(p.db().prepare('SELECT event_type, context_json FROM agency_events').all()).toEqual([
      { event_type: 'stage.entered', context_json: '{}' },
    ]);
  });

  it('refuses what Go refuses (exit 3, nothing written)', async () => {
    const p = await project();
    const cases: [string[], string][] = [
      [['--type=foo'], '--source is required'],
      [['--source=interspect', '--type='], '--type is required'],
      [
        ['--source=review', '--type=execution_defect', '--idempotency-key=k'],
        '--idempotency-key is supported only for agency and interspect events',
      ],
      [['--source=phase', '--type=foo'], 'unsupported source "phase" (use agency, interspect, review, coordination, intent)'],
      [['--source=interspect', '--type=foo', '--payload={}'], 'interspect source requires payload.agent_name'],
      [['--source=interspect', '--type=foo', '--payload={"agent_name":"a","context":{}}'], 'failed to parse interspect payload'],
      [['--source=interspect', '--type=foo', '--payload=nope'], '--payload must be valid JSON'],
      [['--source=review', '--type=foo', '--payload={}'], 'review --type must be disagreement_resolved or execution_defect'],
      [['--source=review', '--type=execution_defect'], 'review source requires --payload'],
      [['--source=coordination', '--type=x', '--payload={"lock_id":"l"}'], 'coordination payload requires lock_id, owner, pattern, scope'],
      [
        ['--source=intent', '--type=x', '--payload={"intent_type":"t","bead_id":"b","idempotency_key":"k","success":"yes"}'],
        'failed to parse intent payload',
      ],
      [['--source=intent', '--type=x', '--payload={"intent_type":"t"}'], 'intent payload requires intent_type, bead_id, idempotency_key'],
      [
        ['--source=agency', '--type=x', '--payload={"agency_name":"a","cycle_id":"c"}'],
        'agency source requires payload.agency_name, payload.cycle_id, and payload.stage',
      ],
      [
        ['--source=agency', '--type=x', '--payload={"agency_name":"a","cycle_id":"c","stage":"s"}'],
        'agency source requires --idempotency-key',
      ],
      [
        ['--source=agency', '--type=x', '--payload={"agency_name":"a","cycle_id":"c","stage":"s","context":[1]}', '--idempotency-key=k'],
        'failed to parse agency payload',
      ],
    ];
    for (const [args, message] of cases) {
      expect(await p.ic(['events', 'record', ...args]), args.join(' ')).toEqual({
        code: 3,
        stdout: '',
        stderr: `ic: events record: ${message}\n`,
      });
    }
    for (const table of ['interspect_events', 'review_events', 'coordination_events', 'intent_events', 'agency_events'])
      expect(p.db().prepare(`SELECT count(*) AS n FROM ${table}`).get(), table).toEqual({ n: 0 });
  });
});
