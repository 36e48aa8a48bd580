import { describe, expect, it } from 'vitest';
import { snapshot } from '../../hardening/common';
import { project } from '../../helpers';
import { fixtureGoal } from './common';

describe('goal successor', () => {
  it('records the successor (silent, exit 0): the goal is no longer closed without one', async () => {
    const p = await project();
    fixtureGoal(p, 'g1', { status: 'closed' });
    expect(await p.ic(['goal', 'audit'])).toMatchObject({ code: 1 });
    expect(await p.ic(['goal', 'successor', 'g1', '--ref=iv-42'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(p.db().prepare('SELECT successor_ref, updated_at > 100 AS touched FROM goals').get()).toEqual({
      successor_ref: 'iv-42',
      touched: 1,
    });
    expect(await p.ic(['goal', 'audit'])).toEqual({ code: 0, stdout: 'null\n', stderr: '' });
  });

  it('an unknown goal is exit 2, one line, nothing written (Go answers 0); --ref is required', async () => {
    const p = await project();
    fixtureGoal(p, 'g1');
    const before = snapshot(p.db());
    expect(await p.ic(['--json', 'goal', 'successor', 'nope', '--ref=x'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ic: goal successor: goal not found: nope\n',
    });
    expect(await p.ic(['goal', 'successor', 'g1'])).toEqual({ code: 3, stdout: '', stderr: 'ic: goal successor: --ref is required\n' });
    expect(snapshot(p.db())).toBe(before);
  });
});
