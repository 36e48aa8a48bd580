// The event-recording seam: every mutation that records an event calls one of
// these inside its transaction, so the event is committed with the change or
// not at all. What was recorded reaches the event handlers after the commit
// (src/events/notify.ts), for the commands whose spec says `notify: true`.
// Each event carries its envelope (src/events/envelope.ts) as Go stamps it.
import { getDispatch, insertDispatchEvent } from '../../generated/db/queries/dispatch';
import { insertPhaseEvent } from '../../generated/db/queries/run';
import type {
  AgencyEventsRow,
  CoordinationEventsRow,
  DiscoveryEventsRow,
  DispatchEventsRow,
  IntentEventsRow,
  InterspectEventsRow,
  PhaseEventsRow,
  ReviewEventsRow,
} from '../../generated/entities';
import { EventType } from '../../generated/values';
import type { Tx } from '../db/transaction';
import { dispatchProvenance, phaseProvenance, provenanceJson } from './envelope';

/** The events a command records for the after-commit handlers. */
export type RecordedEvent =
  { readonly source: 'phase'; readonly row: PhaseEventsRow } | { readonly source: 'dispatch'; readonly row: DispatchEventsRow };

/** An event of any source of the bus, as read back. */
export type BusEvent =
  | RecordedEvent
  | { readonly source: 'coordination'; readonly row: CoordinationEventsRow }
  | { readonly source: 'discovery'; readonly row: DiscoveryEventsRow }
  | { readonly source: 'review'; readonly row: ReviewEventsRow }
  | { readonly source: 'interspect'; readonly row: InterspectEventsRow }
  | { readonly source: 'agency'; readonly row: AgencyEventsRow }
  | { readonly source: 'intent'; readonly row: IntentEventsRow };

/** Budget announcements are recorded without an envelope, as Go records them. */
const NO_ENVELOPE: ReadonlySet<string> = new Set([EventType.BudgetWarning, EventType.BudgetExceeded]);

/** A phase event of a run, stamped with the transaction's time. */
export function recordPhaseEvent(
  tx: Tx,
  event: Omit<Parameters<typeof insertPhaseEvent>[1], 'created_at' | 'envelope_json'>,
): PhaseEventsRow {
  const envelope_json = NO_ENVELOPE.has(event.event_type) ? null : provenanceJson(phaseProvenance(process.env, event));
  const row = insertPhaseEvent(tx.db, { ...event, envelope_json, created_at: tx.now })!;
  tx.recorded.push({ source: 'phase', row });
  return row;
}

/** A status change of a dispatch, stamped with the transaction's time. */
export function recordDispatchEvent(
  tx: Tx,
  event: Omit<Parameters<typeof insertDispatchEvent>[1], 'created_at' | 'envelope_json'>,
): DispatchEventsRow {
  const envelope_json = provenanceJson(dispatchProvenance(process.env, event, getDispatch(tx.db, { id: event.dispatch_id })));
  const row = insertDispatchEvent(tx.db, { ...event, envelope_json, created_at: tx.now })!;
  tx.recorded.push({ source: 'dispatch', row });
  return row;
}
