import { describe, expect, it } from 'vitest';
import { snapshot } from '../../../hardening/common';
import { project } from '../../../helpers';
import { fixtureGoal } from '../common';

describe('goal close begin', () => {
  it('takes the lease of an open goal: {"fence":1} with or without --json; the goal is closing', async () => {
    const p = await project();
    fixtureGoal(p, 'g1');
    expect(await p.ic(['goal', 'close', 'begin', 'g1', '--run=r1', '--owner=me', '--ttl=60'])).toEqual({
      code: 0,
      stdout: '{"fence":1}\n',
      stderr: '',
    });
    const row = p
      .db()
      .prepare('SELECT status, fence_gen, closing_run_id, lease_owner, lease_expires_at - updated_at AS ttl FROM goals')
      .get();
    expect(row).toEqual({ status: 'closing', fence_gen: 1, closing_run_id: 'r1', lease_owner: 'me', ttl: 60 });
  });

  it('a held lease is exit 2 (as Go), one line naming its holder; an expired one is taken over under a new fence', async () => {
    const p = await project();
    fixtureGoal(p, 'g1');
    await p.ic(['goal', 'close', 'begin', 'g1', '--owner=me']);
    const before = snapshot(p.db());
    expect(await p.ic(['--json', 'goal', 'close', 'begin', 'g1', '--owner=you'])).toEqual({
      code: 2,
      stdout: '',
      stderr: expect.stringMatching(
        /^ic: goal close begin: close lease held by "me" \(fence 1, \d+s left\); wait for it to expire, or release it with its fence\n$/,
      ),
    });
    expect(snapshot(p.db())).toBe(before);
    p.db().prepare('UPDATE goals SET lease_expires_at = 1000').run();
    expect(await p.ic(['--json', 'goal', 'close', 'begin', 'g1', '--owner=you'])).toEqual({ code: 0, stdout: '{"fence":2}\n', stderr: '' });
    // Without --run and --owner Go stores "" for each.
    expect(p.db().prepare('SELECT lease_owner, closing_run_id FROM goals').get()).toEqual({ lease_owner: 'you', closing_run_id: '' });
  });

  it('a closed goal, an unknown goal, a --ttl under 1: refused, nothing written', async () => {
    const p = await project();
    fixtureGoal(p, 'g1', { status: 'closed' });
    const before = snapshot(p.db());
    expect(await p.ic(['goal', 'close', 'begin', 'g1'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ic: goal close begin: goal g1 is closed\n',
    });
    expect(await p.ic(['goal', 'close', 'begin', 'nope'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ic: goal close begin: goal not found: nope\n',
    });
    expect(await p.ic(['goal', 'close', 'begin', 'g1', '--ttl=0'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: goal close begin: invalid --ttl value "0": want an integer of at least 1\n',
    });
    expect(snapshot(p.db())).toBe(before);
  });
});
