// Budget announcements (contract v6, 7): after `dispatch tokens`, each
// condition of the run that is now true and not yet announced writes its flag
// in `state` (key budget.warning / budget.exceeded, scope the run id) and a
// phase event, in the caller's transaction: once per run and threshold,
// whatever the concurrency. Deleting a flag re-arms its announcement.
import { getRun } from '../../generated/db/queries/run';
import { addStateIfMissing } from '../../generated/db/queries/state';
import { EventType, KernelStateKey } from '../../generated/values';
import type { Tx } from '../db/transaction';
import { recordPhaseEvent } from '../events/record';
import { runBudget } from './usage';

export interface Announced {
  warning: boolean;
  exceeded: boolean;
  used: number;
  budget: number;
  warnPct: number;
}

export function announceBudget(tx: Tx, runId: string): Announced | undefined {
  const status = runBudget(tx.db, runId);
  if (!status) return undefined;
  const run = getRun(tx.db, { id: runId })!;
  const { used, budget, warnPct } = status;
  const announce = (
    key: typeof KernelStateKey.BudgetWarning | typeof KernelStateKey.BudgetExceeded,
    event: typeof EventType.BudgetWarning | typeof EventType.BudgetExceeded,
    reason: string,
  ): boolean => {
    if (addStateIfMissing(tx.db, { key, scope_id: runId, payload: JSON.stringify({ used }), updated_at: tx.now }) !== 1) return false;
    recordPhaseEvent(tx, { run_id: runId, from_phase: run.phase, to_phase: run.phase, event_type: event, reason });
    return true;
  };
  // Warning first when both are announced at once.
  const warning =
    status.warning &&
    announce(KernelStateKey.BudgetWarning, EventType.BudgetWarning, `token usage ${used} reached ${warnPct}% of budget ${budget}`);
  const exceeded =
    status.exceeded && announce(KernelStateKey.BudgetExceeded, EventType.BudgetExceeded, `token usage ${used} exceeded budget ${budget}`);
  return { warning, exceeded, used, budget, warnPct };
}

/** The stderr line of an announcement, if anything was announced. */
export function announcementLine(a: Announced): string | undefined {
  if (a.exceeded) return `[budget] EXCEEDED: ${a.used}/${a.budget} tokens`;
  if (a.warning) return `[budget] WARNING: ${a.used}/${a.budget} tokens (${a.warnPct}% threshold)`;
  return undefined;
}
