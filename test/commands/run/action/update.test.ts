import { describe, expect, it } from 'vitest';
import { snapshot } from '../../../hardening/common';
import { project } from '../../../helpers';
import { newRun } from '../common';

describe('run action update', () => {
  it('changes args, mode and priority of the action named by (run, phase, command); --json prints the text', async () => {
    const p = await project();
    const id = await newRun(p);
    await p.ic(['run', 'action', 'add', id, '--phase=planned', '--command=/w', '--args=["plan.md"]']);
    expect(await p.ic(['run', 'action', 'update', id, '--phase=planned', '--command=/w', '--args=["updated.md"]'])).toEqual({
      code: 0,
      stdout: 'Updated: planned → /w\n',
      stderr: '',
    });
    expect(await p.ic(['--json', 'run', 'action', 'update', id, '--phase=planned', '--command=/w', '--mode=both', '--priority=3'])).toEqual(
      {
        code: 0,
        stdout: 'Updated: planned → /w\n',
        stderr: '',
      },
    );
    expect(p.db().prepare('SELECT args, mode, priority FROM phase_actions').get()).toEqual({
      args: '["updated.md"]',
      mode: 'both',
      priority: 3,
    });
  });

  it('no such action is exit 1; nothing to change or bad --args is exit 3; nothing written', async () => {
    const p = await project();
    const id = await newRun(p);
    await p.ic(['run', 'action', 'add', id, '--phase=planned', '--command=/w']);
    const before = snapshot(p.db());
    expect(await p.ic(['run', 'action', 'update', id, '--phase=planned', '--command=/nope', '--mode=both'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'ic: run action update: action not found\n',
    });
    expect(await p.ic(['run', 'action', 'update', id, '--phase=planned', '--command=/w'])).toMatchObject({ code: 3, stdout: '' });
    expect(await p.ic(['run', 'action', 'update', id, '--phase=planned', '--command=/w', '--args=[1'])).toMatchObject({
      code: 3,
      stdout: '',
    });
    expect(snapshot(p.db())).toBe(before);
  });
});
