import { describe, expect, it } from 'vitest';
import { project } from '../../helpers';

describe('interspect record', () => {
  it('records evidence about an agent as given and prints its id; --agent and --type are required', async () => {
    const p = await project();
    expect(
      await p.ic([
        'interspect',
        'record',
        '--agent=test-agent',
        '--type=correction',
        '--reason=verification',
        '--session=s',
        '--project=/tmp',
        '--context=not json',
      ]),
    ).toEqual({ code: 0, stdout: '1\n', stderr: '' });
    expect(await p.ic(['--json', 'interspect', 'record', '--agent=a', '--type=t', '--run=r1'])).toEqual({
      code: 0,
      stdout: '2\n',
      stderr: '',
    });
    expect(
      p
        .db()
        .prepare(
          'SELECT run_id, agent_name, event_type, override_reason, context_json, session_id, project_dir FROM interspect_events ORDER BY id',
        )
        .all(),
    ).toEqual([
      {
        run_id: null,
        agent_name: 'test-agent',
        event_type: 'correction',
        override_reason: 'verification',
        context_json: 'not json',
        session_id: 's',
        project_dir: '/tmp',
      },
      { run_id: 'r1', agent_name: 'a', event_type: 't', override_reason: null, context_json: null, session_id: null, project_dir: null },
    ]);
    expect(await p.ic(['interspect', 'record', '--type=t'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: interspect record: --agent is required\n',
    });
    expect(await p.ic(['interspect', 'record', '--agent=a'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: interspect record: --type is required\n',
    });
    expect(
      await p.ic(['interspect', 'record', '--agent=a', '--type=t', '--reason=token: ghp_abcdefghijklmnopqrstuvwxyz0123456789']),
    ).toMatchObject({ code: 2, stdout: '' });
    expect(await p.ic(['interspect', 'record', '--agent=a', '--type=t', '--context={"k":"sk-abcdefghijklmnopqrstuvwxyz"}'])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'ic: interspect record: payload contains a likely secret (API key at $.k); store variable names for provenance, not secret values\n',
    });
    expect(p.db().prepare('SELECT count(*) AS n FROM interspect_events').get()).toEqual({ n: 2 });
  });
});
