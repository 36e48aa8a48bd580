import { describe, expect, it } from 'vitest';
import { project } from '../../helpers';

describe('session start', () => {
  it("registers a session; prints Go's line, or {id, project, session_id}", async () => {
    const p = await project();
    expect(await p.ic(['session', 'start', '--session=s1', '--project=/p'])).toEqual({
      code: 0,
      stdout: 'Session started: s1 (id=1)\n',
      stderr: '',
    });
    expect(await p.ic(['--json', 'session', 'start', '--session=s2', '--project=/p', '--model=opus'])).toEqual({
      code: 0,
      stdout: '{"id":2,"project":"/p","session_id":"s2"}\n',
      stderr: '',
    });
    expect(
      p.db().prepare('SELECT id, session_id, project_dir, agent_type, model, metadata, ended_at FROM sessions ORDER BY id').all(),
    ).toEqual([
      { id: 1, session_id: 's1', project_dir: '/p', agent_type: 'claude-code', model: null, metadata: null, ended_at: null },
      { id: 2, session_id: 's2', project_dir: '/p', agent_type: 'claude-code', model: 'opus', metadata: null, ended_at: null },
    ]);
  });

  it('again: the same row, opened again; the agent type set, a model or metadata given replaces, one not given stays', async () => {
    const p = await project();
    await p.ic(['session', 'start', '--session=s1', '--project=/p', '--model=opus', '--metadata={"a":1}', '--agent-type=codex']);
    const db = p.db();
    db.prepare('UPDATE sessions SET ended_at = 5, started_at = 7, input_tokens = 9').run();
    expect(await p.ic(['--json', 'session', 'start', '--session=s1', '--project=/p', '--model='])).toEqual({
      code: 0,
      stdout: '{"id":1,"project":"/p","session_id":"s1"}\n',
      stderr: '',
    });
    expect(db.prepare('SELECT id, agent_type, model, metadata, ended_at, started_at, input_tokens FROM sessions').all()).toEqual([
      { id: 1, agent_type: 'claude-code', model: 'opus', metadata: '{"a":1}', ended_at: null, started_at: 7, input_tokens: 9 },
    ]);
    // The same session id in another project is another session (SQLite's AUTOINCREMENT spent 2 on the
    // registration again, as Go's does: Go prints id=3 here too).
    expect((await p.ic(['session', 'start', '--session=s1', '--project=/q'])).stdout).toBe('Session started: s1 (id=3)\n');
  });

  it('--project is stored absolute; --session and --project are required (exit 3, nothing written)', async () => {
    const p = await project();
    expect((await p.ic(['--json', 'session', 'start', '--session=s1', '--project=sub'])).stdout).toBe(
      `{"id":1,"project":"${p.dir}/sub","session_id":"s1"}\n`,
    );
    expect(await p.ic(['session', 'start', '--project=/p'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: session start: --session is required\n',
    });
    expect(await p.ic(['session', 'start', '--session=s9'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: session start: --project is required\n',
    });
    expect(p.db().prepare('SELECT count(*) FROM sessions').pluck().get()).toBe(1);
  });
});
