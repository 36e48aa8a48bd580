// The event-recording seam: every mutation that records an event calls one of
// these inside its transaction, so the event is committed with the change or
// not at all. What was recorded reaches the event handlers after the commit
// (src/events/notify.ts), for the commands whose spec says `notify: true`.
import { type DispatchEventsInsert, type PhaseEventsInsert, dispatchEvents, phaseEvents } from '../../generated/db/tables';
import type { DispatchEventsRow, PhaseEventsRow } from '../../generated/entities';
import type { Tx } from '../db/transaction';

export type RecordedEvent =
  { readonly source: 'phase'; readonly row: PhaseEventsRow } | { readonly source: 'dispatch'; readonly row: DispatchEventsRow };

/** A phase event of a run, stamped with the transaction's time. */
export function recordPhaseEvent(tx: Tx, event: Omit<PhaseEventsInsert, 'id' | 'created_at'>): PhaseEventsRow {
  const row = phaseEvents.insert(tx.db, event, tx.now);
  tx.recorded.push({ source: 'phase', row });
  return row;
}

/** A status change of a dispatch, stamped with the transaction's time. */
export function recordDispatchEvent(tx: Tx, event: Omit<DispatchEventsInsert, 'id' | 'created_at'>): DispatchEventsRow {
  const row = dispatchEvents.insert(tx.db, event, tx.now);
  tx.recorded.push({ source: 'dispatch', row });
  return row;
}
