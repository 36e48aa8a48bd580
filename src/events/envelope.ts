// The envelope (schema v21, envelope_json): the provenance ic stamps on the
// events it writes, and an event of any source as the line the bus prints
// and hooks read.
//
// What is stamped is Go's (aa693df): a phase event records the phase machine
// as its writer, the run as its trace and capability, the phases left and
// entered as its artifacts; a dispatch event the dispatch store, the
// dispatch's sandbox, the statuses left and entered; a coordination event the
// lock's scope, pattern and id. IC_TRACE_ID and IC_SPAN_ID (and, for dispatch
// and coordination events, IC_PARENT_SPAN_ID) carry a caller's trace into
// them. Budget announcements carry none, as in Go.
import type { EventEnvelope, EventProvenance } from '../../generated/records';
import { eventProvenanceJson } from '../../generated/records';
import { rfc3339Local } from '../format/time';
import { unixNanos } from '../sys/clock';
import type { BusEvent } from './record';

type Env = Readonly<Record<string, string | undefined>>;

const ref = (prefix: string, value: string | null | undefined) => (value ? [`${prefix}${value}`] : undefined);

/** The stored form: compact JSON in the record's field order, or null when nothing is set (Go's IsZero). */
export function provenanceJson(p: EventProvenance): string | null {
  const text = eventProvenanceJson(p);
  return text === '{}' ? null : text;
}

export function phaseProvenance(
  env: Env,
  e: { run_id: string; event_type: string; from_phase: string; to_phase: string },
): EventProvenance {
  return {
    policy_version: 'phase-machine/v1',
    caller_identity: 'phase.store',
    capability_scope: e.run_id ? `run:${e.run_id}` : undefined,
    trace_id: env.IC_TRACE_ID || e.run_id,
    span_id: env.IC_SPAN_ID || `phase:${e.event_type}:${unixNanos()}`,
    parent_span_id: `phase-state:${e.from_phase}`,
    input_artifact_refs: ref('phase:', e.from_phase),
    output_artifact_refs: ref('phase:', e.to_phase),
  };
}

export function dispatchProvenance(
  env: Env,
  e: { dispatch_id: string; run_id?: string | null; from_status: string; to_status: string },
  sandbox: { sandbox_spec: string | null; sandbox_effective: string | null } | undefined,
): EventProvenance {
  const run = e.run_id ?? '';
  return {
    policy_version: 'dispatch-lifecycle/v2',
    caller_identity: 'dispatch.store',
    capability_scope: run ? `run:${run}` : e.dispatch_id ? `dispatch:${e.dispatch_id}` : undefined,
    trace_id: env.IC_TRACE_ID || run || e.dispatch_id,
    span_id: env.IC_SPAN_ID || `dispatch:${e.dispatch_id}:${unixNanos()}`,
    parent_span_id: env.IC_PARENT_SPAN_ID || undefined,
    input_artifact_refs: ref('', e.from_status),
    output_artifact_refs: ref('', e.to_status),
    requested_sandbox: sandbox?.sandbox_spec ?? undefined,
    effective_sandbox: sandbox?.sandbox_effective ?? undefined,
  };
}

export function coordinationProvenance(
  env: Env,
  e: { event_type: string; lock_id: string; pattern: string; scope: string; run_id: string | null },
): EventProvenance {
  return {
    policy_version: 'coordination/v1',
    caller_identity: 'coordination.store',
    capability_scope: `scope:${e.scope}`,
    trace_id: env.IC_TRACE_ID || e.run_id || e.lock_id,
    span_id: env.IC_SPAN_ID || `coordination:${e.event_type}:${unixNanos()}`,
    parent_span_id: env.IC_PARENT_SPAN_ID || undefined,
    input_artifact_refs: ref('', e.pattern),
    output_artifact_refs: ref('', e.lock_id),
  };
}

const PROVENANCE_STRINGS = [
  'policy_version',
  'caller_identity',
  'capability_scope',
  'trace_id',
  'span_id',
  'parent_span_id',
  'requested_sandbox',
  'effective_sandbox',
] as const;
const PROVENANCE_LISTS = ['input_artifact_refs', 'output_artifact_refs'] as const;

/**
 * A stored envelope as the bus shows it: its known fields, when it is a JSON
 * object holding any (Go's ParseEnvelopeJSON and IsZero); undefined when it
 * is empty, not JSON or holds none. A field of the wrong type makes the
 * whole envelope unreadable, as Go's decoder has it.
 */
export function parseProvenance(stored: string | null | undefined): EventProvenance | undefined {
  if (!stored) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(stored);
  } catch {
    return undefined;
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
  const o = value as Record<string, unknown>;
  const out: EventProvenance = {};
  for (const key of PROVENANCE_STRINGS) {
    const v = o[key];
    if (v === undefined || v === null) continue;
    if (typeof v !== 'string') return undefined;
    if (v) out[key] = v;
  }
  for (const key of PROVENANCE_LISTS) {
    const v = o[key];
    if (v === undefined || v === null) continue;
    if (!Array.isArray(v) || !v.every((s) => typeof s === 'string' || s === null)) return undefined;
    if (v.length) out[key] = v.map((s) => (s as string | null) ?? '');
  }
  return Object.keys(out).length ? out : undefined;
}

/** An event of any source as the envelope the bus prints and hooks read. */
export function envelopeOf(event: BusEvent): EventEnvelope {
  const at = (created: number, reason: string | null | undefined) => ({ timestamp: rfc3339Local(created), reason: reason || undefined });
  switch (event.source) {
    case 'phase': {
      const e = event.row;
      return {
        id: e.id,
        run_id: e.run_id,
        source: 'phase',
        type: e.event_type,
        from_state: e.from_phase,
        to_state: e.to_phase,
        envelope: parseProvenance(e.envelope_json),
        ...at(e.created_at, e.reason),
      };
    }
    case 'dispatch': {
      const e = event.row;
      return {
        id: e.id,
        run_id: e.run_id ?? '',
        source: 'dispatch',
        type: e.event_type,
        from_state: e.from_status,
        to_state: e.to_status,
        envelope: parseProvenance(e.envelope_json),
        ...at(e.created_at, e.reason),
      };
    }
    case 'coordination': {
      const e = event.row;
      return {
        id: e.id,
        run_id: e.run_id ?? '',
        source: 'coordination',
        type: e.event_type,
        from_state: e.owner,
        to_state: e.pattern,
        envelope: parseProvenance(e.envelope_json),
        ...at(e.created_at, e.reason),
      };
    }
    case 'discovery': {
      const e = event.row;
      return {
        id: e.id,
        run_id: e.discovery_id,
        source: 'discovery',
        type: e.event_type,
        from_state: e.from_status,
        to_state: e.to_status,
        ...at(e.created_at, e.payload),
      };
    }
    case 'review': {
      const e = event.row;
      // The finding and how it was resolved; the reason is the agents' severities (JSON).
      return {
        id: e.id,
        run_id: e.run_id ?? '',
        source: 'review',
        type: e.event_type,
        from_state: e.finding_id,
        to_state: e.resolution,
        ...at(e.created_at, e.agents_json),
      };
    }
    case 'interspect': {
      const e = event.row;
      // Go reads an interspect event's context as its envelope: shown only when it holds envelope fields.
      return {
        id: e.id,
        run_id: e.run_id ?? '',
        source: 'interspect',
        type: e.event_type,
        from_state: e.agent_name,
        to_state: '',
        envelope: parseProvenance(e.context_json),
        ...at(e.created_at, e.override_reason),
      };
    }
    case 'agency': {
      const e = event.row;
      return {
        id: e.id,
        run_id: e.run_id ?? '',
        source: 'agency',
        type: e.event_type,
        from_state: e.agency_name,
        to_state: e.stage,
        ...at(e.created_at, e.context_json),
      };
    }
    case 'intent': {
      const e = event.row;
      return {
        id: e.id,
        run_id: e.run_id ?? '',
        source: 'intent',
        type: e.intent_type,
        from_state: e.bead_id,
        to_state: e.success ? 'succeeded' : 'failed',
        ...at(e.created_at, e.error_detail),
      };
    }
  }
}
