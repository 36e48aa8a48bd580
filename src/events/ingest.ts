// Events other programs hand to ic: review events (events emit), and every
// source events record takes (agency, interspect, review, coordination,
// intent), plus interspect record. Each payload is checked before anything
// is written: valid JSON of the shape its source wants (exit 3 otherwise, as
// Go), within the limits of a state payload and holding no likely secret
// (exit 2, nothing written: events end up in logs and backups). Each event
// is one transaction, with its replay input when it belongs to a run.
import {
  findAgencyEvent,
  findInterspectEventOnce,
  insertAgencyEventOnce,
  insertEventReplayInput,
  insertIntentEvent,
  insertInterspectEvent,
  insertReviewEvent,
  runExists,
} from '../../generated/db/queries/events';
import type { DbContext } from '../cli/context';
import { UsageError } from '../cli/errors';
import type { Tx } from '../db/transaction';
import { toJson } from '../format/json';
import { checkPayload, InvalidPayloadError, LIMITS } from '../state/payload';
import { secretKind, SecretInPayloadError } from '../state/secrets';
import { recordCoordinationEvent } from '../coordination/events';

export const REVIEW_TYPES = ['disagreement_resolved', 'execution_defect'] as const;
/** The sources events record takes, in Go's wording of the list. */
export const RECORD_SOURCES = ['agency', 'interspect', 'review', 'coordination', 'intent'] as const;

/** Where an event is recorded from: the run, session and project it belongs to. */
export interface Origin {
  run: string;
  session: string;
  project: string;
}

// ---- payloads ---------------------------------------------------------------------------------

/** A JSON text given on the command line, parsed: invalid JSON is a usage error (exit 3); over the limits or a likely secret, exit 2. */
export function parsePayload(text: string, flag: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new UsageError(`${flag} must be valid JSON`);
  }
  checkPayload(text);
  return value;
}

/** Free text stored as given (a reason, an interspect context): no likely secret in it (a JSON one is scanned value by value). */
export function checkText(text: string | undefined): void {
  if (!text) return;
  try {
    JSON.parse(text);
  } catch {
    const kind = secretKind(text);
    if (kind !== undefined) throw new SecretInPayloadError(kind, '$');
    const bytes = Buffer.byteLength(text, 'utf8');
    if (bytes > LIMITS.bytes) throw new InvalidPayloadError(`${bytes} bytes, more than the ${LIMITS.bytes} allowed`);
    return;
  }
  checkPayload(text);
}

type FieldKind = 'string' | 'bool' | 'strings' | 'object';
type Decoded<K extends Record<string, FieldKind>> = {
  [F in keyof K]: K[F] extends 'string'
    ? string
    : K[F] extends 'bool'
      ? boolean
      : K[F] extends 'strings'
        ? Record<string, string> | undefined
        : Record<string, unknown> | undefined;
};

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * The payload's fields as Go decodes them into its struct: other keys
 * ignored, null is the zero value, any other type than the field's is an
 * error (a usage error naming the source).
 */
function decode<K extends Record<string, FieldKind>>(value: unknown, fields: K, what: string): Decoded<K> {
  const fail = () => new UsageError(`failed to parse ${what}`);
  if (value !== null && !isObject(value)) throw fail();
  const o = value ?? {};
  const out: Record<string, unknown> = {};
  for (const [field, kind] of Object.entries(fields)) {
    const v = o[field];
    if (v === undefined || v === null) {
      out[field] = kind === 'string' ? '' : kind === 'bool' ? false : undefined;
      continue;
    }
    if (kind === 'string' && typeof v !== 'string') throw fail();
    if (kind === 'bool' && typeof v !== 'boolean') throw fail();
    if (kind === 'object' && !isObject(v)) throw fail();
    if (kind === 'strings') {
      if (!isObject(v)) throw fail();
      const strings: Record<string, string> = {};
      for (const [k, s] of Object.entries(v)) {
        if (s !== null && typeof s !== 'string') throw fail();
        strings[k] = (s as string | null) ?? '';
      }
      out[field] = strings;
      continue;
    }
    out[field] = v;
  }
  return out as Decoded<K>;
}

/** An object's JSON with its keys sorted at every depth (Go's encoding of a map). */
function sortedJson(value: unknown): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (!isObject(v)) return v;
    return Object.fromEntries(
      Object.keys(v)
        .sort()
        .map((k) => [k, sort(v[k])]),
    );
  };
  return toJson(sort(value));
}

const orNull = (s: string) => (s === '' ? null : s);

// ---- the sources ----------------------------------------------------------------------------

function replayInput(
  tx: Tx,
  run: string,
  input: { kind: string; key: string; payload: string; artifact_ref: string | null; source: string; id: number },
): void {
  // Go's insert is refused by the foreign key for a run that does not exist, and it lets that pass.
  if (!run || !runExists(tx.db, { id: run })?.n) return;
  insertEventReplayInput(tx.db, {
    run_id: run,
    kind: input.kind,
    input_key: orNull(input.key),
    payload: input.payload,
    artifact_ref: input.artifact_ref,
    event_source: input.source,
    event_id: input.id,
    created_at: tx.now,
  });
}

/** A review event from its context (events emit --context, events record --payload): its id. */
export function recordReview(ctx: DbContext, type: string, payload: unknown, origin: Origin, command: string): number {
  const p = decode(
    payload,
    {
      finding_id: 'string',
      agents: 'strings',
      resolution: 'string',
      dismissal_reason: 'string',
      chosen_severity: 'string',
      impact: 'string',
    },
    command === 'events emit' ? 'review context' : 'review payload',
  );
  const what = command === 'events emit' ? 'review context' : 'review payload';
  if (!p.finding_id || !p.resolution || !p.chosen_severity || !p.impact)
    throw new UsageError(`${what} requires finding_id, resolution, chosen_severity, impact`);
  if (!p.agents || Object.keys(p.agents).length === 0) throw new UsageError(`${what} requires non-empty agents map`);
  const agents_json = sortedJson(p.agents);
  return ctx.write((tx) => {
    const id = insertReviewEvent(tx.db, {
      run_id: orNull(origin.run),
      finding_id: p.finding_id,
      agents_json,
      resolution: p.resolution,
      dismissal_reason: orNull(p.dismissal_reason),
      chosen_severity: p.chosen_severity,
      impact: p.impact,
      event_type: type,
      session_id: orNull(origin.session),
      project_dir: orNull(origin.project),
      created_at: tx.now,
    })!.id;
    const replay = {
      agents_json,
      chosen_severity: p.chosen_severity,
      ...(p.dismissal_reason ? { dismissal_reason: p.dismissal_reason } : {}),
      event_type: type,
      finding_id: p.finding_id,
      impact: p.impact,
      resolution: p.resolution,
    };
    replayInput(tx, origin.run, {
      kind: 'review_event',
      key: p.finding_id,
      payload: toJson(replay),
      artifact_ref: null,
      source: 'review',
      id,
    });
    return id;
  });
}

/** An interspect event: its id; with a key, the id of the first one recorded under it. */
export function recordInterspect(
  ctx: DbContext,
  e: { agent: string; type: string; reason: string; context: string; key: string | undefined },
  origin: Origin,
): number {
  return ctx.write((tx) => {
    if (e.key !== undefined && e.key !== '') {
      const found = findInterspectEventOnce(tx.db, { run_id: origin.run, agent_name: e.agent, event_type: e.type, idempotency_key: e.key });
      if (found) return found.id;
    }
    return insertInterspectEvent(tx.db, {
      run_id: orNull(origin.run),
      agent_name: e.agent,
      event_type: e.type,
      override_reason: orNull(e.reason),
      context_json: orNull(e.context),
      // The idempotency key lives in session_id, where Go keeps it.
      session_id: e.key ? e.key : orNull(origin.session),
      project_dir: orNull(origin.project),
      created_at: tx.now,
    })!.id;
  });
}

function recordAgency(ctx: DbContext, type: string, payload: unknown, origin: Origin, key: string | undefined): number {
  const p = decode(payload, { agency_name: 'string', cycle_id: 'string', stage: 'string', context: 'object' }, 'agency payload');
  if (!p.agency_name || !p.cycle_id || !p.stage)
    throw new UsageError('agency source requires payload.agency_name, payload.cycle_id, and payload.stage');
  if (!key) throw new UsageError('agency source requires --idempotency-key');
  const context_json = p.context ? sortedJson(p.context) : '{}';
  return ctx.write((tx) => {
    const row = {
      run_id: orNull(origin.run),
      agency_name: p.agency_name,
      event_type: type,
      cycle_id: p.cycle_id,
      stage: p.stage,
      context_json,
      idempotency_key: key,
      project_dir: orNull(origin.project),
      created_at: tx.now,
    };
    const added = insertAgencyEventOnce(tx.db, row);
    return added ? added.id : findAgencyEvent(tx.db, { agency_name: p.agency_name, idempotency_key: key })!.id;
  });
}

function recordCoordination(ctx: DbContext, type: string, payload: unknown, origin: Origin): void {
  const p = decode(
    payload,
    { lock_id: 'string', owner: 'string', pattern: 'string', scope: 'string', reason: 'string' },
    'coordination payload',
  );
  if (!p.lock_id || !p.owner || !p.pattern || !p.scope)
    throw new UsageError('coordination payload requires lock_id, owner, pattern, scope');
  ctx.write((tx) =>
    recordCoordinationEvent(
      tx,
      { type, lockId: p.lock_id, owner: p.owner, pattern: p.pattern, scope: p.scope, reason: p.reason || null, runId: origin.run || null },
      ctx.env,
    ),
  );
}

function recordIntent(ctx: DbContext, payload: unknown, origin: Origin): void {
  const p = decode(
    payload,
    { intent_type: 'string', bead_id: 'string', idempotency_key: 'string', success: 'bool', error_detail: 'string' },
    'intent payload',
  );
  if (!p.intent_type || !p.bead_id || !p.idempotency_key)
    throw new UsageError('intent payload requires intent_type, bead_id, idempotency_key');
  ctx.write((tx) =>
    insertIntentEvent(tx.db, {
      intent_type: p.intent_type,
      bead_id: p.bead_id,
      idempotency_key: p.idempotency_key,
      session_id: origin.session,
      run_id: orNull(origin.run),
      success: p.success,
      error_detail: orNull(p.error_detail),
      created_at: tx.now,
    }),
  );
}

/** events record: the new event's id (agency, interspect, review), or undefined (coordination, intent: "ok"). */
export function recordEvent(
  ctx: DbContext,
  e: { source: string; type: string; payload: string | undefined; key: string | undefined },
  origin: Origin,
): number | undefined {
  if (!e.source) throw new UsageError(`--source is required (${RECORD_SOURCES.join(', ')})`);
  if (!e.type) throw new UsageError('--type is required');
  if (e.key && e.source !== 'interspect' && e.source !== 'agency')
    throw new UsageError('--idempotency-key is supported only for agency and interspect events');
  if (!(RECORD_SOURCES as readonly string[]).includes(e.source))
    throw new UsageError(`unsupported source ${JSON.stringify(e.source)} (use ${RECORD_SOURCES.join(', ')})`);
  if (e.source === 'review' && !(REVIEW_TYPES as readonly string[]).includes(e.type))
    throw new UsageError(`review --type must be ${REVIEW_TYPES.join(' or ')}`);
  const needsPayload = e.source === 'review' || e.source === 'coordination' || e.source === 'intent';
  if (!e.payload && needsPayload) throw new UsageError(`${e.source} source requires --payload`);
  const payload = e.payload ? parsePayload(e.payload, '--payload') : null;
  switch (e.source) {
    case 'agency':
      return recordAgency(ctx, e.type, payload, origin, e.key);
    case 'interspect': {
      const p = decode(payload, { agent_name: 'string', override_reason: 'string', context: 'string' }, 'interspect payload');
      if (!p.agent_name) throw new UsageError('interspect source requires payload.agent_name');
      return recordInterspect(
        ctx,
        { agent: p.agent_name, type: e.type, reason: p.override_reason, context: p.context, key: e.key },
        origin,
      );
    }
    case 'review':
      return recordReview(ctx, e.type, payload, origin, 'events record');
    case 'coordination':
      recordCoordination(ctx, e.type, payload, origin);
      return undefined;
    default:
      recordIntent(ctx, payload, origin);
      return undefined;
  }
}
