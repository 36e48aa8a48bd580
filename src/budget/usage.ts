// A run's token usage and its budget: Σ input + Σ output over the dispatches
// whose scope_id is the run id (cache hits are counted apart, never used).
import { sumScopeTokens } from '../../generated/db/queries/dispatch';
import { getRun } from '../../generated/db/queries/run';
import { DEFAULTS } from '../../generated/db/tables';
import type { Db } from '../db/open';
import { type BudgetStatus, budgetStatus } from './budget';

export interface RunTokens {
  input_tokens: number;
  output_tokens: number;
  cache_hits: number;
}

export function runTokens(db: Db, runId: string): RunTokens {
  return sumScopeTokens(db, { scope_id: runId })!;
}

export interface RunBudget extends BudgetStatus {
  budget: number;
  warnPct: number;
  used: number;
}

/** The budget conditions of a run as they are now; undefined for an unknown run or one without a budget. */
export function runBudget(db: Db, runId: string): RunBudget | undefined {
  const run = getRun(db, { id: runId });
  if (!run || run.token_budget == null || run.token_budget <= 0) return undefined;
  const t = runTokens(db, runId);
  const limits = {
    used: t.input_tokens + t.output_tokens,
    budget: run.token_budget,
    warnPct: run.budget_warn_pct ?? DEFAULTS.runs.budget_warn_pct,
  };
  return { ...budgetStatus(limits), ...limits };
}
