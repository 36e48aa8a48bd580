// A goal's activity: an attached run's advance (run advance, gate override)
// makes its goal active now, in the same transaction as the move, so goal
// audit's dormancy is one comparison of times.
import { touchGoalActivity } from '../../generated/db/queries/goal';
import type { RunsRow } from '../../generated/entities';
import type { Tx } from '../db/transaction';

/** After a run's committed-to-be phase move: its goal, if it has one, was active at the move's time. */
export function noteRunAdvance(tx: Tx, run: Pick<RunsRow, 'goal_id'>): void {
  if (run.goal_id) touchGoalActivity(tx.db, { id: run.goal_id, now: tx.now });
}
