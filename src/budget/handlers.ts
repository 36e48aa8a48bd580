// run tokens and run budget: what a run's dispatches used, and where that
// stands against its budget. Both only read.
import type { RunBudgetArgs, RunBudgetData, RunTokensArgs, RunTokensData } from '../../generated/types';
import type { DbContext } from '../cli/context';
import { readTransaction } from '../db/transaction';
import { runBudget, runTokens } from './usage';

export function tokens(ctx: DbContext, args: RunTokensArgs): RunTokensData {
  const t = runTokens(ctx.db, args.run_id);
  const seen = t.input_tokens + t.cache_hits;
  return {
    cache_hits: t.cache_hits,
    ...(seen > 0 && { cache_ratio: (t.cache_hits / seen) * 100 }),
    input_tokens: t.input_tokens,
    output_tokens: t.output_tokens,
    run_id: args.run_id,
    total_tokens: t.input_tokens + t.output_tokens,
  };
}

export function status(ctx: DbContext, args: RunBudgetArgs): RunBudgetData {
  const b = readTransaction(ctx.db, () => runBudget(ctx.db, args.run_id));
  if (!b) return { budget: null, message: 'no budget set', run_id: args.run_id };
  return {
    budget: b.budget,
    exceeded: b.exceeded,
    run_id: args.run_id,
    usage_pct: b.usagePct!,
    used: b.used,
    warn_pct: b.warnPct,
    warning: b.warning,
  };
}
