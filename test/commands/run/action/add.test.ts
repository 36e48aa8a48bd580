import { describe, expect, it } from 'vitest';
import { snapshot } from '../../../hardening/common';
import { project } from '../../../helpers';
import { newRun } from '../common';

const actions = (p: Awaited<ReturnType<typeof project>>) =>
  p.db().prepare('SELECT id, run_id, phase, action_type, command, args, mode, priority FROM phase_actions ORDER BY id').all();

describe('run action add', () => {
  it('adds an action (defaults: type command, mode interactive, priority 0); text and JSON', async () => {
    const p = await project();
    const id = await newRun(p);
    expect(await p.ic(['run', 'action', 'add', id, '--phase=planned', '--command=/clavain:work', '--args=["plan.md"]'])).toEqual({
      code: 0,
      stdout: 'Added action 1: planned → /clavain:work\n',
      stderr: '',
    });
    expect(
      await p.ic([
        '--json',
        'run',
        'action',
        'add',
        id,
        '--phase=executing',
        '--command=/q',
        '--mode=both',
        '--type=hook',
        '--priority=-2',
      ]),
    ).toEqual({ code: 0, stdout: '{"id":2}\n', stderr: '' });
    expect(actions(p)).toEqual([
      {
        id: 1,
        run_id: id,
        phase: 'planned',
        action_type: 'command',
        command: '/clavain:work',
        args: '["plan.md"]',
        mode: 'interactive',
        priority: 0,
      },
      { id: 2, run_id: id, phase: 'executing', action_type: 'hook', command: '/q', args: null, mode: 'both', priority: -2 },
    ]);
  });

  it('a duplicate (run, phase, command) and an unknown run are exit 1; bad --args and missing flags exit 3; nothing written', async () => {
    const p = await project();
    const id = await newRun(p);
    await p.ic(['run', 'action', 'add', id, '--phase=planned', '--command=/w']);
    const before = snapshot(p.db());
    expect(await p.ic(['run', 'action', 'add', id, '--phase=planned', '--command=/w'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'ic: run action add: duplicate action for run/phase/command\n',
    });
    expect(await p.ic(['run', 'action', 'add', 'nosuch01', '--phase=planned', '--command=/w'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'ic: run action add: run not found\n',
    });
    expect(await p.ic(['run', 'action', 'add', id, '--phase=planned', '--command=/x', '--args=not-json'])).toMatchObject({
      code: 3,
      stderr: expect.stringMatching(/^ic: run action add: invalid --args value: not JSON/),
    });
    expect(await p.ic(['run', 'action', 'add', id, '--phase=planned', '--command=/x', '--args={"a":1}'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: run action add: invalid --args value: want a JSON array\n',
    });
    expect(await p.ic(['run', 'action', 'add', id, '--command=/x'])).toMatchObject({
      code: 3,
      stderr: 'ic: run action add: --phase is required\n',
    });
    expect(await p.ic(['run', 'action', 'add', id, '--phase=p'])).toMatchObject({
      code: 3,
      stderr: 'ic: run action add: --command is required\n',
    });
    expect(snapshot(p.db())).toBe(before);
  });
});
