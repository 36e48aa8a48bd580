import { describe, expect, it } from 'vitest';
import { project } from '../../helpers';
import { fixtureGoal } from './common';

const GO_KEYS =
  '"CharterPath":null,"ConditionText":"tests pass","Status":"open","Complexity":3,"FenceGen":0,"ClosingRunID":null,"LeaseOwner":null,"LeaseExpiresAt":null,' +
  '"VerifiedAt":null,"ReflectedAt":null,"CompoundedAt":null,"SuccessorProposedAt":null,"SuccessorRef":null,"LastRunAdvancedAt":null,"BeadID":null,' +
  '"CreatedAt":100,"UpdatedAt":100,"AmendedAt":null,"ClosedAt":null}';

describe('goal show', () => {
  it("prints Go's Goal struct as Go does (its field names, its order, nulls), with or without --json", async () => {
    const p = await project();
    fixtureGoal(p, 'g0000001');
    const line = `{"ID":"g0000001","ProjectDir":"/p","Title":"title of g0000001",${GO_KEYS}\n`;
    expect(await p.ic(['goal', 'show', 'g0000001'])).toEqual({ code: 0, stdout: line, stderr: '' });
    expect(await p.ic(['--json', 'goal', 'show', 'g0000001'])).toEqual({ code: 0, stdout: line, stderr: '' });
  });

  it('an unknown goal is exit 2 (as Go), one line', async () => {
    const p = await project();
    expect(await p.ic(['goal', 'show', 'nope'])).toEqual({ code: 2, stdout: '', stderr: 'ic: goal show: goal not found: nope\n' });
    expect(await p.ic(['goal', 'show'])).toMatchObject({ code: 3, stdout: '' });
  });
});
