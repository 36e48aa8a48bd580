import { describe, expect, it } from 'vitest';
import { snapshot } from '../../../hardening/common';
import { project } from '../../../helpers';
import { fixtureGoal } from '../common';

describe('goal close step', () => {
  it('stamps a step under the current fence (silent, exit 0)', async () => {
    const p = await project();
    fixtureGoal(p, 'g1', { status: 'closing', fence: 3, leaseExpires: 4102444800 });
    expect(await p.ic(['goal', 'close', 'step', 'g1', '--fence=3', '--name=verified'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await p.ic(['--json', 'goal', 'close', 'step', 'g1', '--fence=3', '--name=successor_proposed'])).toEqual({
      code: 0,
      stdout: '',
      stderr: '',
    });
    const row = p
      .db()
      .prepare(
        'SELECT verified_at IS NOT NULL AS v, reflected_at IS NOT NULL AS r, compounded_at IS NOT NULL AS c, successor_proposed_at IS NOT NULL AS s FROM goals',
      )
      .get();
    expect(row).toEqual({ v: 1, r: 0, c: 0, s: 1 });
  });

  it('a stale fence, a goal not closing, an unknown goal: exit 2, nothing written; a bad step or fence: exit 3', async () => {
    const p = await project();
    fixtureGoal(p, 'g1', { status: 'closing', fence: 3, leaseExpires: 4102444800 });
    fixtureGoal(p, 'g2', { status: 'open', fence: 1 });
    const before = snapshot(p.db());
    const step = (...args: string[]) => p.ic(['goal', 'close', 'step', ...args]);
    expect(await step('g1', '--fence=2', '--name=verified')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ic: goal close step: stale fence 2: the close lease was taken over (fence now 3)\n',
    });
    expect(await step('g1', '--fence=4', '--name=verified')).toEqual({
      code: 2,
      stdout: '',
      stderr: "ic: goal close step: stale fence 4: no lease had it (the lease's fence is 3)\n",
    });
    expect(await step('g2', '--fence=1', '--name=verified')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ic: goal close step: stale fence 1: goal g2 is open, not closing\n',
    });
    expect(await step('nope', '--fence=1', '--name=verified')).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ic: goal close step: goal not found: nope\n',
    });
    expect(await step('g1', '--fence=3', '--name=shipped')).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: goal close step: invalid --name value "shipped": want one of verified, reflected, compounded, successor_proposed\n',
    });
    expect(await step('g1', '--fence=0', '--name=verified')).toMatchObject({ code: 3, stdout: '' });
    expect(await step('g1', '--name=verified')).toEqual({ code: 3, stdout: '', stderr: 'ic: goal close step: --fence is required\n' });
    expect(snapshot(p.db())).toBe(before);
  });
});
