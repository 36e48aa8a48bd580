// What happened to a coordination lock: a row of coordination_events with
// Go's envelope, and for a lock of a run that exists, the run's replay input
// (as Go records it). Written inside the transaction of the change itself,
// so a change and its event are committed together or not at all.
import { insertCoordinationEvent, insertCoordinationReplayInput } from '../../generated/db/queries/coordination';
import type { CoordinationEventType } from '../../generated/values';
import type { Tx } from '../db/transaction';
import { toJson } from '../format/json';

export interface CoordinationChange {
  type: CoordinationEventType;
  lockId: string;
  owner: string;
  pattern: string;
  scope: string;
  reason: string | null;
  runId: string | null;
}

/** The environment's trace context (IC_TRACE_ID, IC_SPAN_ID, IC_PARENT_SPAN_ID), as hooks propagate it. */
export interface TraceEnv {
  IC_TRACE_ID?: string;
  IC_SPAN_ID?: string;
  IC_PARENT_SPAN_ID?: string;
}

/** Unix time in nanoseconds, as Go's time.Now().UnixNano() (for a span id). */
function unixNanos(): bigint {
  return BigInt(Date.now()) * 1_000_000n + (process.hrtime.bigint() % 1_000_000n);
}

/**
 * Go's coordination envelope, its keys in Go's order and the empty ones left
 * out: the trace is the environment's, else the run's, else the lock's; the
 * input is the pattern and the output the lock.
 */
export function coordinationEnvelope(change: CoordinationChange, env: TraceEnv): Record<string, unknown> {
  const envelope: Record<string, unknown> = {
    policy_version: 'coordination/v1',
    caller_identity: 'coordination.store',
    capability_scope: `scope:${change.scope}`,
    trace_id: env.IC_TRACE_ID || change.runId || change.lockId,
    span_id: env.IC_SPAN_ID || `coordination:${change.type}:${unixNanos()}`,
    parent_span_id: env.IC_PARENT_SPAN_ID,
    input_artifact_refs: change.pattern ? [change.pattern] : undefined,
    output_artifact_refs: change.lockId ? [change.lockId] : undefined,
  };
  for (const key of Object.keys(envelope)) if (envelope[key] === undefined || envelope[key] === '') delete envelope[key];
  return envelope;
}

export function recordCoordinationEvent(tx: Tx, change: CoordinationChange, env: TraceEnv): void {
  const envelope = coordinationEnvelope(change, env);
  const { id } = insertCoordinationEvent(tx.db, {
    lock_id: change.lockId,
    run_id: change.runId || null,
    event_type: change.type,
    owner: change.owner,
    pattern: change.pattern,
    scope: change.scope,
    reason: change.reason || null,
    envelope_json: toJson(envelope),
    now: tx.now,
  })!;
  if (!change.runId) return;
  // Go's replay payload: a map, so its keys sorted.
  const payload = {
    envelope,
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
