// What happened to a coordination lock: a row of coordination_events with
// Go's envelope, and for a lock of a run that exists, the run's replay input
// (as Go records it). Written inside the transaction of the change itself,
// so a change and its event are committed together or not at all.
import { insertCoordinationEvent, insertCoordinationReplayInput } from '../../generated/db/queries/coordination';
import { eventProvenanceObject } from '../../generated/records';
import type { Tx } from '../db/transaction';
import { coordinationProvenance, provenanceJson } from '../events/envelope';
import { toJson } from '../format/json';

export interface CoordinationChange {
  /** The kernel writes its own (CoordinationEventType); events record writes a caller's as given. */
  type: string;
  lockId: string;
  owner: string;
  pattern: string;
  scope: string;
  reason: string | null;
  runId: string | null;
}

/** The environment's trace context (IC_TRACE_ID, IC_SPAN_ID, IC_PARENT_SPAN_ID), as hooks propagate it. */
export type TraceEnv = Readonly<Record<string, string | undefined>>;

export function recordCoordinationEvent(tx: Tx, change: CoordinationChange, env: TraceEnv): void {
  // Go's envelope (src/events/envelope.ts): the trace is the environment's, else the run's, else the lock's.
  const provenance = coordinationProvenance(env, {
    event_type: change.type,
    lock_id: change.lockId,
    pattern: change.pattern,
    scope: change.scope,
    run_id: change.runId,
  });
  const { id } = insertCoordinationEvent(tx.db, {
    lock_id: change.lockId,
    run_id: change.runId || null,
    event_type: change.type,
    owner: change.owner,
    pattern: change.pattern,
    scope: change.scope,
    reason: change.reason || null,
    envelope_json: provenanceJson(provenance),
    now: tx.now,
  })!;
  if (!change.runId) return;
  // Go's replay payload: a map, so its keys sorted.
  const payload = {
    envelope: eventProvenanceObject(provenance),
    event_type: change.type,
    lock_id: change.lockId,
    owner: change.owner,
    pattern: change.pattern,
    ...(change.reason ? { reason: change.reason } : {}),
    scope: change.scope,
  };
  insertCoordinationReplayInput(tx.db, {
    run_id: change.runId,
    payload: toJson(payload),
    artifact_ref: `coordination_event:${id}`,
    event_id: id,
    now: tx.now,
  });
}
