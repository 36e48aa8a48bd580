// The event-recording seam: every mutation that records an event calls one of
// these inside its transaction, so the event is committed with the change or
// not at all. What was recorded reaches the event handlers after the commit
// (src/events/notify.ts), for the commands whose spec says `notify: true`.
import { insertDispatchEvent } from '../../generated/db/queries/dispatch';
import { insertPhaseEvent } from '../../generated/db/queries/run';
import type { DispatchEventsRow, PhaseEventsRow } from '../../generated/entities';
import type { Tx } from '../db/transaction';

export type RecordedEvent =
  { readonly source: 'phase'; readonly row: PhaseEventsRow } | { readonly source: 'dispatch'; readonly row: DispatchEventsRow };

/** A phase event of a run, stamped with the transaction's time. */
export function recordPhaseEvent(tx: Tx, event: Omit<Parameters<typeof insertPhaseEvent>[1], 'created_at'>): PhaseEventsRow {
  const row = insertPhaseEvent(tx.db, { ...event, created_at: tx.now })!;
  tx.recorded.push({ source: 'phase', row });
  return row;
}

/** A status change of a dispatch, stamped with the transaction's time. */
export function recordDispatchEvent(tx: Tx, event: Omit<Parameters<typeof insertDispatchEvent>[1], 'created_at'>): DispatchEventsRow {
  const row = insertDispatchEvent(tx.db, { ...event, created_at: tx.now })!;
  tx.recorded.push({ source: 'dispatch', row });
  return row;
}
