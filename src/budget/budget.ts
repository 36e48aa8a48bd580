// A run's token budget conditions (contract v6, 7): the warn threshold, and
// whether usage has reached it or the budget itself. Pure, so `run budget`
// and the announcement after `dispatch tokens` judge alike.

export interface BudgetInput {
  /** Tokens used: Σ input + Σ output over the run's dispatches. */
  used: number | bigint;
  /** The run's token_budget; null (or <= 0) means no budget. */
  budget: number | bigint | null | undefined;
  /** The run's budget_warn_pct (1–99 when set through the CLI). */
  warnPct: number | bigint;
}

export interface BudgetStatus {
  /** False when there is no budget (null or <= 0): then nothing else applies. */
  hasBudget: boolean;
  /** ⌊budget × warnPct / 100⌋; null without a budget. */
  threshold: bigint | null;
  /** used ÷ budget × 100 in double precision, in that order; null without a budget. */
  usagePct: number | null;
  /** threshold > 0 and used >= threshold. */
  warning: boolean;
  /** used >= budget. */
  exceeded: boolean;
}

function toBigInt(name: string, value: number | bigint): bigint {
  if (typeof value === 'bigint') return value;
  if (!Number.isInteger(value)) throw new RangeError(`budgetStatus: ${name} must be an integer, got ${value}`);
  return BigInt(value);
}

/** floor(a / b) for b > 0 (BigInt division truncates toward zero). */
function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n ? q - 1n : q;
}

/**
 * The budget conditions as they are now. Integer parts are exact in BigInt:
 * budget × pct can pass 2^53 (and 2^63, where the original's int64 would
 * have wrapped), and a double would then round the threshold.
 */
export function budgetStatus({ used, budget, warnPct }: BudgetInput): BudgetStatus {
  if (budget === null || budget === undefined)
    return { hasBudget: false, threshold: null, usagePct: null, warning: false, exceeded: false };
  const budgetTokens = toBigInt('budget', budget);
  if (budgetTokens <= 0n) return { hasBudget: false, threshold: null, usagePct: null, warning: false, exceeded: false };
  const usedTokens = toBigInt('used', used);
  const threshold = floorDiv(budgetTokens * toBigInt('warnPct', warnPct), 100n);
  return {
    hasBudget: true,
    threshold,
    usagePct: (Number(used) / Number(budget)) * 100,
    warning: threshold > 0n && usedTokens >= threshold,
    exceeded: usedTokens >= budgetTokens,
  };
}
