import { describe, expect, it } from 'vitest';
import { project } from '../../../helpers';
import { newRun } from '../common';

describe('run action delete', () => {
  it('removes the action named by (run, phase, command); a second delete is exit 1', async () => {
    const p = await project();
    const id = await newRun(p);
    await p.ic(['run', 'action', 'add', id, '--phase=planned', '--command=/w']);
    await p.ic(['run', 'action', 'add', id, '--phase=planned', '--command=/keep']);
    expect(await p.ic(['run', 'action', 'delete', id, '--phase=planned', '--command=/w'])).toEqual({
      code: 0,
      stdout: 'Deleted: planned → /w\n',
      stderr: '',
    });
    expect(p.db().prepare('SELECT command FROM phase_actions').pluck().all()).toEqual(['/keep']);
    expect(await p.ic(['--json', 'run', 'action', 'delete', id, '--phase=planned', '--command=/w'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'ic: run action delete: action not found\n',
    });
    expect(await p.ic(['run', 'action', 'delete', id, '--phase=planned'])).toMatchObject({ code: 3, stdout: '' });
  });
});
