// Why a goal command refuses, each wording once. All are exit 2, as Go's
// goal commands answer every refusal (its ErrNotFound, ErrLeaseHeld,
// ErrStaleFence, ErrCloseIncomplete).
import type { GoalsRow } from '../../generated/entities';
import { GoalStatus } from '../../generated/values';
import { FailureError } from '../cli/errors';

const STEP_COLUMNS = [
  ['verified', 'verified_at'],
  ['reflected', 'reflected_at'],
  ['compounded', 'compounded_at'],
  ['successor_proposed', 'successor_proposed_at'],
] as const;

export const closeRefusal = {
  notFound: (id: string) => new FailureError(`goal not found: ${id}`),
  leaseNotFree(goal: GoalsRow, now: number): FailureError {
    if (goal.status === GoalStatus.Closed) return new FailureError(`goal ${goal.id} is closed`);
    const owner = goal.lease_owner ? ` by ${JSON.stringify(goal.lease_owner)}` : '';
    // Taken over once its expiry is in the past: a second after lease_expires_at.
    const left = goal.lease_expires_at === null ? 'no expiry' : `${Math.max(goal.lease_expires_at - now + 1, 1)}s left`;
    return new FailureError(
      `close lease held${owner} (fence ${goal.fence_gen}, ${left}); wait for it to expire, or release it with its fence`,
    );
  },
  staleFence(goal: GoalsRow, fence: number): FailureError {
    if (goal.status !== GoalStatus.Closing) return new FailureError(`stale fence ${fence}: goal ${goal.id} is ${goal.status}, not closing`);
    if (fence > goal.fence_gen) return new FailureError(`stale fence ${fence}: no lease had it (the lease's fence is ${goal.fence_gen})`);
    return new FailureError(`stale fence ${fence}: the close lease was taken over (fence now ${goal.fence_gen})`);
  },
  incomplete(goal: GoalsRow): FailureError {
    const missing = STEP_COLUMNS.filter(([, column]) => goal[column] === null).map(([step]) => step);
    return new FailureError(`terminal steps incomplete: ${missing.join(', ')} not stamped (goal close step --name=<step>)`);
  },
};
