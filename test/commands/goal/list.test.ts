import { describe, expect, it } from 'vitest';
import { project } from '../../helpers';
import { fixtureGoal } from './common';

describe('goal list', () => {
  it('newest first (ties: the later insert): id, status, title; --json: the Goal structs', async () => {
    const p = await project();
    fixtureGoal(p, 'g1', { created: 100 });
    fixtureGoal(p, 'g2', { created: 300, status: 'closed', project: '/q' });
    fixtureGoal(p, 'g3', { created: 300, status: 'closing' });
    expect(await p.ic(['goal', 'list'])).toEqual({
      code: 0,
      stdout: 'g3\tclosing\ttitle of g3\ng2\tclosed\ttitle of g2\ng1\topen\ttitle of g1\n',
      stderr: '',
    });
    const ids = async (...flags: string[]) =>
      ((JSON.parse((await p.ic(['--json', 'goal', 'list', ...flags])).stdout) ?? []) as { ID: string }[]).map((g) => g.ID);
    expect(await ids()).toEqual(['g3', 'g2', 'g1']);
    expect(await ids('--project=/p')).toEqual(['g3', 'g1']);
    expect(await ids('--status=open')).toEqual(['g1']);
    expect(await ids('--project=/q', '--status=closed')).toEqual(['g2']);
  });

  it('none: nothing, --json null; an unknown status is exit 3', async () => {
    const p = await project();
    expect(await p.ic(['goal', 'list'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await p.ic(['--json', 'goal', 'list', '--status=open'])).toEqual({ code: 0, stdout: 'null\n', stderr: '' });
    expect(await p.ic(['goal', 'list', '--status=done'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: goal list: invalid --status value "done": want one of open, closing, closed\n',
    });
  });
});
