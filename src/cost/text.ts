// Text output of the cost commands (Go's, byte for byte).
import type { CostListData, CostReconcileData } from '../../generated/types';
import { listedRun, signed } from './handlers';

/** cost reconcile: the run, the dispatch when one was given, the counts and the status. */
export function reconcileText(r: CostReconcileData): string {
  return [
    `Run: ${r.run_id}`,
    ...(r.dispatch_id ? [`  Dispatch:     ${r.dispatch_id}`] : []),
    `  Reported:     in=${r.reported_in} out=${r.reported_out}`,
    `  Billed:       in=${r.billed_in} out=${r.billed_out}`,
    `  Delta:        in=${signed(r.delta_in)} out=${signed(r.delta_out)}`,
    `  Source:       ${r.source}`,
    `  Status:       ${r.discrepancy ? 'DISCREPANCY' : 'OK'}`,
  ].join('\n');
}

/** cost list: `[YYYY-MM-DD HH:MM] OK|DISCREPANCY  scope=run|<dispatch>  delta_in=±N  delta_out=±N  source=S`. */
export function listText(rows: CostListData): string {
  if (rows.length === 0) return `No reconciliations for run ${listedRun}`;
  return rows
    .map((r) => {
      // CreatedAt is RFC 3339 in the local zone: its date and minutes are the local ones.
      const when = `${r.CreatedAt.slice(0, 10)} ${r.CreatedAt.slice(11, 16)}`;
      const status = r.DeltaIn !== 0 || r.DeltaOut !== 0 ? 'DISCREPANCY' : 'OK';
      const scope = r.DispatchID || 'run';
      return `[${when}] ${status}  scope=${scope}  delta_in=${signed(r.DeltaIn)}  delta_out=${signed(r.DeltaOut)}  source=${r.Source}`;
    })
    .join('\n');
}
