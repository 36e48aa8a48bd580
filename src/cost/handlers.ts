// The cost commands: billed token counts set against what a run's dispatches
// reported. A reconciliation and, when it finds a discrepancy, its event are
// one write transaction.
import { insertCostEvent, insertReconciliation, listReconciliations } from '../../generated/db/queries/cost';
import { getDispatch, sumScopeTokens } from '../../generated/db/queries/dispatch';
import { insertEventReplayInput, runExists } from '../../generated/db/queries/events';
import type { CostListArgs, CostListData, CostReconcileArgs, CostReconcileData } from '../../generated/types';
import { DispatchEventType } from '../../generated/values';
import type { DbContext } from '../cli/context';
import { FailureError } from '../cli/errors';
import type { Tx } from '../db/transaction';
import { dispatchProvenance, provenanceJson } from '../events/envelope';
import { rfc3339Local } from '../format/time';

export { baseline } from './baseline';

/** What cost list returns when --limit is 0 or less (Go's). */
const DEFAULT_LIST = 100;

/** Go's %+d. */
export const signed = (n: number): string => (n < 0 ? `${n}` : `+${n}`);

export function reconcile(ctx: DbContext, args: CostReconcileArgs): CostReconcileData {
  const dispatchId = args.dispatch || null;
  const source = args.source || 'manual';
  return ctx.write((tx) => {
    let reported: { input_tokens: number; output_tokens: number };
    if (dispatchId) {
      const d = getDispatch(tx.db, { id: dispatchId });
      if (!d) throw new FailureError(`unknown dispatch ${JSON.stringify(dispatchId)} (dispatch list shows them)`);
      reported = { input_tokens: d.input_tokens ?? 0, output_tokens: d.output_tokens ?? 0 };
    } else {
      reported = sumScopeTokens(tx.db, { scope_id: args.run_id })!;
    }
    const row = insertReconciliation(tx.db, {
      run_id: args.run_id,
      dispatch_id: dispatchId,
      reported_in: reported.input_tokens,
      reported_out: reported.output_tokens,
      billed_in: args.billed_in,
      billed_out: args.billed_out,
      delta_in: args.billed_in - reported.input_tokens,
      delta_out: args.billed_out - reported.output_tokens,
      source,
      created_at: tx.now,
    })!;
    const discrepancy = row.delta_in !== 0 || row.delta_out !== 0;
    if (discrepancy) recordDiscrepancy(tx, row, dispatchId);
    return {
      billed_in: row.billed_in,
      billed_out: row.billed_out,
      delta_in: row.delta_in,
      delta_out: row.delta_out,
      discrepancy,
      dispatch_id: dispatchId ?? undefined,
      reported_in: row.reported_in,
      reported_out: row.reported_out,
      run_id: row.run_id,
      source: row.source,
    };
  })!;
}

/**
 * The discrepancy as Go records it: a dispatch event of the run (no dispatch,
 * no statuses) with the dispatch store's envelope, and, when the run exists,
 * the replay input that event makes.
 */
function recordDiscrepancy(
  tx: Tx,
  r: {
    run_id: string;
    reported_in: number;
    reported_out: number;
    billed_in: number;
    billed_out: number;
    delta_in: number;
    delta_out: number;
  },
  dispatchId: string | null,
): void {
  let reason =
    `token discrepancy: in=${signed(r.delta_in)} out=${signed(r.delta_out)} ` +
    `(reported=${r.reported_in}/${r.reported_out}, billed=${r.billed_in}/${r.billed_out})`;
  if (dispatchId) reason = `dispatch ${dispatchId}: ${reason}`;
  const envelope = provenanceJson(
    dispatchProvenance(process.env, { dispatch_id: '', run_id: r.run_id, from_status: '', to_status: '' }, undefined),
  );
  const event_type = DispatchEventType.CostReconciliationDiscrepancy;
  const event = insertCostEvent(tx.db, { run_id: r.run_id, event_type, reason, envelope_json: envelope, created_at: tx.now })!;
  if (!runExists(tx.db, { id: r.run_id })?.n) return;
  // Go's replay payload: a map, so its keys sorted; the envelope as stored.
  const payload =
    `{"dispatch_id":"","envelope":${envelope ?? 'null'},"event_type":${JSON.stringify(event_type)},"from_status":"",` +
    `"reason":${JSON.stringify(reason)},"to_status":""}`;
  insertEventReplayInput(tx.db, {
    run_id: r.run_id,
    kind: 'external',
    input_key: 'dispatch_transition',
    payload,
    artifact_ref: `dispatch_event:${event.id}`,
    event_source: 'dispatch',
    event_id: event.id,
    created_at: tx.now,
  });
}

/**
 * The run cost list was asked about: its text names the run when it has no
 * reconciliations, and a renderer sees only the data (one command a process).
 */
export let listedRun = '';

export function list(ctx: DbContext, args: CostListArgs): CostListData {
  listedRun = args.run_id;
  return listReconciliations(ctx.db, { run_id: args.run_id, limit: args.limit > 0 ? args.limit : DEFAULT_LIST }).map((r) => ({
    ID: r.id,
    RunID: r.run_id,
    DispatchID: r.dispatch_id ?? '',
    ReportedIn: r.reported_in,
    ReportedOut: r.reported_out,
    BilledIn: r.billed_in,
    BilledOut: r.billed_out,
    DeltaIn: r.delta_in,
    DeltaOut: r.delta_out,
    Source: r.source,
    CreatedAt: rfc3339Local(r.created_at),
  }));
}
