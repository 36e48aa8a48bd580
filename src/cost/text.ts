// Text output of the cost commands (Go's, byte for byte).
import type { CostBaselineData, CostListData, CostReconcileData } from '../../generated/types';
import { fixed1 } from '../format/numbers';
import type { TokenStats } from './baseline';
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

/** Go's token counts: 1.2M, 3.4k, 999. */
function tokens(n: number): string {
  if (n >= 1_000_000) return `${fixed1(n / 1_000_000)}M`;
  if (n >= 1_000) return `${fixed1(n / 1_000)}k`;
  return `${n}`;
}

function breakdown(lines: string[], title: string, map: unknown, width: number): void {
  const entries = Object.entries((map ?? {}) as Record<string, TokenStats>);
  if (entries.length === 0) return;
  lines.push('', title);
  for (const [key, s] of entries) lines.push(`    ${key.padEnd(width)} ${tokens(s.total)} (${s.count} runs)`);
}

/** cost baseline: the period, the denominator, the percentiles and the breakdowns. */
export function baselineText(r: CostBaselineData): string {
  const lines = [
    `Cost Baseline (${r.period.start ?? ''} to ${r.period.end ?? ''})`,
    '══════════════════════════════════════',
    `  Landed changes: ${r.landed_changes} (source: ${r.source})`,
  ];
  if (r.stats.count === 0) {
    lines.push(
      '  Token data:     no correlated data yet',
      '',
      '  Beads exist but no token data is tagged with bead IDs.',
      '  Token tagging started with the interstat bead_id column.',
      '  Run more sprints and re-check.',
    );
    breakdown(lines, '  Global Agent Totals (all sessions):', r.by_agent, 30);
    return lines.join('\n');
  }
  const s = r.stats;
  lines.push(
    `  Beads w/ data:  ${s.count}`,
    '',
    '  Cost per landed change (tokens):',
    `    p50:   ${tokens(s.p50)}`,
    `    p90:   ${tokens(s.p90)}`,
    `    p95:   ${tokens(s.p95)}`,
    `    mean:  ${tokens(s.mean)}`,
    `    total: ${tokens(s.total)}`,
    `    (input: ${tokens(s.input_total)}, output: ${tokens(s.output_total)})`,
  );
  breakdown(lines, '  By Phase:', r.by_phase, 20);
  breakdown(lines, '  By Agent:', r.by_agent, 30);
  return lines.join('\n');
}
