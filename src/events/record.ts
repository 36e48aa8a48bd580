// The event-recording seam: every mutation that records an event calls one of
// these inside its transaction, so the event is committed with the change or
// not at all. What was recorded reaches the event handlers after the commit
// (src/events/notify.ts), for the commands whose spec says `notify: true`.
import type { PhaseEventsRow } from '../../generated/entities';
import { type PhaseEventsInsert, phaseEvents } from '../../generated/db/tables';
import type { Tx } from '../db/transaction';

export type RecordedEvent = { readonly source: 'phase'; readonly row: PhaseEventsRow };

/** A phase event of a run, stamped with the transaction's time. */
export function recordPhaseEvent(tx: Tx, event: Omit<PhaseEventsInsert, 'id' | 'created_at'>): PhaseEventsRow {
  const row = phaseEvents.insert(tx.db, event, tx.now);
  tx.recorded.push({ source: 'phase', row });
  return row;
}
