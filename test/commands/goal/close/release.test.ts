import { describe, expect, it } from 'vitest';
import { snapshot } from '../../../hardening/common';
import { project } from '../../../helpers';
import { fixtureGoal } from '../common';

describe('goal close release', () => {
  it('gives the lease up under its fence: the goal is open again, and the next begin gets a new fence', async () => {
    const p = await project();
    fixtureGoal(p, 'g1');
    await p.ic(['goal', 'close', 'begin', 'g1', '--run=r1', '--owner=me']);
    expect(await p.ic(['goal', 'close', 'release', 'g1', '--fence=1'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(p.db().prepare('SELECT status, lease_owner, lease_expires_at, closing_run_id, fence_gen FROM goals').get()).toEqual({
      status: 'open',
      lease_owner: null,
      lease_expires_at: null,
      closing_run_id: null,
      fence_gen: 1,
    });
    expect(await p.ic(['--json', 'goal', 'close', 'begin', 'g1'])).toEqual({ code: 0, stdout: '{"fence":2}\n', stderr: '' });
  });

  it('a stale fence (released already, or taken over) and an unknown goal: exit 2, nothing written', async () => {
    const p = await project();
    fixtureGoal(p, 'g1');
    await p.ic(['goal', 'close', 'begin', 'g1']);
    await p.ic(['goal', 'close', 'release', 'g1', '--fence=1']);
    const before = snapshot(p.db());
    expect(await p.ic(['--json', 'goal', 'close', 'release', 'g1', '--fence=1'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ic: goal close release: stale fence 1: goal g1 is open, not closing\n',
    });
    expect(await p.ic(['goal', 'close', 'release', 'nope', '--fence=1'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ic: goal close release: goal not found: nope\n',
    });
    expect(snapshot(p.db())).toBe(before);
  });
});
