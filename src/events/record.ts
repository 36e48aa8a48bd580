// The event-recording seam: every mutation that records an event calls one of
// these inside its transaction, so the event is committed with the change or
// not at all. What was recorded reaches the event handlers after the commit
// (src/events/notify.ts), for the commands whose spec says `notify: true`.
// Each event carries its envelope (src/events/envelope.ts) as Go stamps it.
import { getDispatch, insertDispatchEvent } from '../../generated/db/queries/dispatch';
import { insertEventReplayInput, runExists } from '../../generated/db/queries/events';
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
  // What a replay of the run reads of the move (Go's phase replay input; budget announcements have none).
  if (!NO_ENVELOPE.has(event.event_type)) {
    const payload: Record<string, unknown> = { event_type: row.event_type, from_phase: row.from_phase };
    if (row.gate_result != null) payload.gate_result = row.gate_result;
    if (row.gate_tier != null) payload.gate_tier = row.gate_tier;
    if (row.reason != null) payload.reason = row.reason;
    payload.to_phase = row.to_phase;
    replayInput(tx, row.run_id, 'time', 'phase_transition', JSON.stringify(payload), 'phase', row.id);
  }
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
  // Go's dispatch replay input: its keys sorted, the envelope as stored.
  const parts = [`"dispatch_id":${JSON.stringify(row.dispatch_id)}`];
  if (row.envelope_json) parts.push(`"envelope":${row.envelope_json}`);
  parts.push(`"event_type":${JSON.stringify(row.event_type)}`, `"from_status":${JSON.stringify(row.from_status)}`);
  if (row.reason) parts.push(`"reason":${JSON.stringify(row.reason)}`);
  parts.push(`"to_status":${JSON.stringify(row.to_status)}`);
  if (row.run_id) replayInput(tx, row.run_id, 'external', 'dispatch_transition', `{${parts.join(',')}}`, 'dispatch', row.id);
  return row;
}

/**
 * A replay input of a run (run_replay_inputs, v22), as Go captures one with
 * each phase and dispatch event and each new run: skipped, as Go lets its
 * foreign key refuse it, when the run does not exist.
 */
export function replayInput(tx: Tx, run_id: string, kind: string, key: string, payload: string, source: string, id: number | null): void {
  if (!runExists(tx.db, { id: run_id })?.n) return;
  insertEventReplayInput(tx.db, {
    run_id,
    kind,
    input_key: key,
    payload,
    artifact_ref: id === null ? `run:${run_id}` : `${source}_event:${id}`,
    event_source: source,
    event_id: id,
    created_at: tx.now,
  });
}
