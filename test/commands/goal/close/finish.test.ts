import { describe, expect, it } from 'vitest';
import { snapshot } from '../../../hardening/common';
import { project } from '../../../helpers';
import { fixtureGoal } from '../common';

describe('goal close finish', () => {
  it('closes the goal once every step is stamped: the lease is gone, closed_at set', async () => {
    const p = await project();
    fixtureGoal(p, 'g1', { status: 'closing', fence: 2, leaseExpires: 4102444800, steps: true });
    expect(await p.ic(['goal', 'close', 'finish', 'g1', '--fence=2'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(
      p.db().prepare('SELECT status, lease_owner, lease_expires_at, closed_at IS NOT NULL AS closed, fence_gen FROM goals').get(),
    ).toEqual({
      status: 'closed',
      lease_owner: null,
      lease_expires_at: null,
      closed: 1,
      fence_gen: 2,
    });
    // Done: the fence is stale now.
    expect(await p.ic(['goal', 'close', 'finish', 'g1', '--fence=2'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ic: goal close finish: stale fence 2: goal g1 is closed, not closing\n',
    });
  });

  it('steps missing, a stale fence, an unknown goal: exit 2, one line, nothing written', async () => {
    const p = await project();
    fixtureGoal(p, 'g1', { status: 'closing', fence: 2, leaseExpires: 4102444800 });
    await p.ic(['goal', 'close', 'step', 'g1', '--fence=2', '--name=reflected']);
    const before = snapshot(p.db());
    expect(await p.ic(['--json', 'goal', 'close', 'finish', 'g1', '--fence=2'])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'ic: goal close finish: terminal steps incomplete: verified, compounded, successor_proposed not stamped (goal close step --name=<step>)\n',
    });
    expect(await p.ic(['goal', 'close', 'finish', 'g1', '--fence=1'])).toMatchObject({
      code: 2,
      stderr: expect.stringContaining('stale fence 1'),
    });
    expect(await p.ic(['goal', 'close', 'finish', 'nope', '--fence=1'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ic: goal close finish: goal not found: nope\n',
    });
    expect(snapshot(p.db())).toBe(before);
  });
});
