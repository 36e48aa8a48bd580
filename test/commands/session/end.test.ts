import { describe, expect, it } from 'vitest';
import { snapshot } from '../../hardening/common';
import { project } from '../../helpers';

describe('session end', () => {
  it('ends every open row of the session, in any project', async () => {
    const p = await project();
    await p.ic(['session', 'start', '--session=s1', '--project=/p']);
    await p.ic(['session', 'start', '--session=s1', '--project=/q']);
    await p.ic(['session', 'start', '--session=s2', '--project=/p']);
    expect(await p.ic(['session', 'end', '--session=s1'])).toEqual({ code: 0, stdout: 'Session ended: s1\n', stderr: '' });
    expect(await p.ic(['--json', 'session', 'end', '--session=s2'])).toEqual({
      code: 0,
      stdout: '{"ended":true,"session_id":"s2"}\n',
      stderr: '',
    });
    expect(p.db().prepare('SELECT session_id, ended_at IS NOT NULL AS ended FROM sessions ORDER BY id').all()).toEqual([
      { session_id: 's1', ended: 1 },
      { session_id: 's1', ended: 1 },
      { session_id: 's2', ended: 1 },
    ]);
  });

  it('no open session with that id is exit 2 (as Go), one line, nothing written', async () => {
    const p = await project();
    await p.ic(['session', 'start', '--session=s1', '--project=/p']);
    await p.ic(['session', 'end', '--session=s1']);
    const before = snapshot(p.db());
    for (const id of ['s1', 'never']) {
      expect(await p.ic(['--json', 'session', 'end', `--session=${id}`])).toEqual({
        code: 2,
        stdout: '',
        stderr: `ic: session end: no open session "${id}" (session start registers one)\n`,
      });
    }
    expect(snapshot(p.db())).toBe(before);
    expect(await p.ic(['session', 'end'])).toEqual({ code: 3, stdout: '', stderr: 'ic: session end: --session is required\n' });
  });
});
