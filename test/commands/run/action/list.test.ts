import { describe, expect, it } from 'vitest';
import { project } from '../../../helpers';
import { newRun } from '../common';

describe('run action list', () => {
  it('by phase (priority, then id) or all (phase, priority, id); args parsed when JSON, else as stored', async () => {
    const p = await project();
    const id = await newRun(p);
    await p.ic(['run', 'action', 'add', id, '--phase=planned', '--command=/b', '--priority=5', '--args=["x", "${run_id}"]']);
    await p.ic(['run', 'action', 'add', id, '--phase=planned', '--command=/a', '--priority=1']);
    await p.ic(['run', 'action', 'add', id, '--phase=executing', '--command=/c', '--mode=both']);
    // A row written by another hand whose args is not JSON.
    p.db().prepare("INSERT INTO phase_actions (run_id, phase, command, args) VALUES (?, 'review', '/r', 'plain words')").run(id);
    expect(await p.ic(['--json', 'run', 'action', 'list', id, '--phase=planned'])).toEqual({
      code: 0,
      stdout:
        `[{"action_type":"command","command":"/a","id":2,"mode":"interactive","phase":"planned","priority":1,"run_id":"${id}"},` +
        `{"action_type":"command","args":["x","\${run_id}"],"command":"/b","id":1,"mode":"interactive","phase":"planned","priority":5,"run_id":"${id}"}]\n`,
      stderr: '',
    });
    const all = JSON.parse((await p.ic(['--json', 'run', 'action', 'list', id])).stdout) as { command: string; args?: unknown }[];
    expect(all.map((a) => a.command)).toEqual(['/c', '/a', '/b', '/r']);
    expect(all[3]!.args).toBe('plain words');
    expect(await p.ic(['run', 'action', 'list', id, '--phase=planned'])).toEqual({
      code: 0,
      stdout: '  planned → /a  [interactive, priority=1]\n  planned → /b ["x","${run_id}"]  [interactive, priority=5]\n',
      stderr: '',
    });
  });

  it('an unknown run or a phase without actions: an empty list, exit 0', async () => {
    const p = await project();
    expect(await p.ic(['--json', 'run', 'action', 'list', 'nosuch01'])).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
    expect(await p.ic(['run', 'action', 'list', 'nosuch01', '--phase=x'])).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});
