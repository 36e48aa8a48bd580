import { describe, expect, it } from 'vitest';
import { project } from '../../helpers';

const CONTEXT = {
  finding_id: 'IT-001',
  agents: { 'fd-quality': 'P2', 'fd-arch': 'P1' },
  resolution: 'discarded',
  dismissal_reason: 'agent_wrong',
  chosen_severity: 'P2',
  impact: 'decision_changed',
};

describe('events emit', () => {
  it('records a review event (agents sorted), prints its id; a run gets its replay input; --json makes no difference', async () => {
    const p = await project();
    const run = (await p.ic(['run', 'create', '--goal=g'])).stdout.trim();
    const args = ['events', 'emit', '--source=review', '--type=disagreement_resolved', `--context=${JSON.stringify(CONTEXT)}`];
    expect(await p.ic([...args, '--session=s1', '--project=/tmp/x', `--run=${run}`])).toEqual({ code: 0, stdout: '1\n', stderr: '' });
    expect(await p.ic(['--json', ...args, '--type', 'execution_defect'])).toEqual({ code: 0, stdout: '2\n', stderr: '' });
    const rows = p.db().prepare('SELECT * FROM review_events ORDER BY id').all() as Record<string, unknown>[];
    expect(rows[0]).toMatchObject({
      run_id: run,
      finding_id: 'IT-001',
      agents_json: '{"fd-arch":"P1","fd-quality":"P2"}',
      resolution: 'discarded',
      dismissal_reason: 'agent_wrong',
      chosen_severity: 'P2',
      impact: 'decision_changed',
      event_type: 'disagreement_resolved',
      session_id: 's1',
      project_dir: '/tmp/x',
    });
    // The defaults: no run, the session of CLAUDE_SESSION_ID (unset here), the working directory.
    expect(rows[1]).toMatchObject({ run_id: null, event_type: 'execution_defect', project_dir: p.dir });
    expect(
      p
        .db()
        .prepare("SELECT run_id, kind, input_key, event_source, event_id, payload FROM run_replay_inputs WHERE event_source = 'review'")
        .all(),
    ).toEqual([
      {
        run_id: run,
        kind: 'review_event',
        input_key: 'IT-001',
        event_source: 'review',
        event_id: 1,
        payload:
          '{"agents_json":"{\\"fd-arch\\":\\"P1\\",\\"fd-quality\\":\\"P2\\"}","chosen_severity":"P2","dismissal_reason":"agent_wrong","event_type":"disagreement_resolved","finding_id":"IT-001","impact":"decision_changed","resolution":"discarded"}',
      },
    ]);
  });

  it('CLAUDE_SESSION_ID is the default session', async () => {
    const p = await project();
    const r = p.icProcess(['events', 'emit', '--source=review', '--type=disagreement_resolved', `--context=${JSON.stringify(CONTEXT)}`], {
      env: { CLAUDE_SESSION_ID: 'from-env' },
    });
    expect(r).toEqual({ code: 0, stdout: '1\n', stderr: '' });
    expect(p.db().prepare('SELECT session_id FROM review_events').get()).toEqual({ session_id: 'from-env' });
  });

  it('refuses what Go refuses (exit 3) and a likely secret (exit 2), writing nothing', async () => {
    const p = await project();
    const emit = (...extra: string[]) => p.ic(['events', 'emit', ...extra]);
    const ctx = (o: object) => `--context=${JSON.stringify(o)}`;
    const cases: [string[], string][] = [
      [['--type=disagreement_resolved', ctx(CONTEXT)], '--source is required'],
      [['--source=review', ctx(CONTEXT)], '--type is required'],
      [['--source=phase', '--type=disagreement_resolved', ctx(CONTEXT)], 'only --source=review is supported (got "phase")'],
      [['--source=review', '--type=other', ctx(CONTEXT)], '--type must be disagreement_resolved or execution_defect (got "other")'],
      [['--source=review', '--type=disagreement_resolved'], '--context is required for review events'],
      [['--source=review', '--type=disagreement_resolved', '--context={nope'], '--context must be valid JSON'],
      [['--source=review', '--type=disagreement_resolved', '--context=[1]'], 'failed to parse review context'],
      [['--source=review', '--type=disagreement_resolved', ctx({ ...CONTEXT, agents: { a: 1 } })], 'failed to parse review context'],
      [
        ['--source=review', '--type=disagreement_resolved', ctx({ ...CONTEXT, impact: '' })],
        'review context requires finding_id, resolution, chosen_severity, impact',
      ],
      [
        ['--source=review', '--type=disagreement_resolved', ctx({ ...CONTEXT, agents: {} })],
        'review context requires non-empty agents map',
      ],
    ];
    for (const [args, message] of cases) {
      expect(await emit(...args), args.join(' ')).toEqual({ code: 3, stdout: '', stderr: `ic: events emit: ${message}\n` });
    }
    expect(await emit('--source=review', '--type=disagreement_resolved', ctx({ ...CONTEXT, impact: 'password=hunter2hunter2' }))).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'ic: events emit: payload contains a likely secret (secret assignment at $.impact); store variable names for provenance, not secret values\n',
    });
    expect(p.db().prepare('SELECT count(*) AS n FROM review_events').get()).toEqual({ n: 0 });
  });
});
