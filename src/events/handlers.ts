// events tail (the bus as JSON lines, with consumer cursors), events cursor
// list and register, events emit and record (src/events/ingest.ts), and the
// typed readers list-review and list-agency. events cursor reset is a
// generic operation in the spec.
import { getState, liveStateEntries, putState } from '../../generated/db/queries/state';
import { listAgencyEvents, listReviewEvents } from '../../generated/db/queries/events';
import type { AgencyEvent, EventEnvelope, ReviewEvent } from '../../generated/records';
import { KernelStateKey } from '../../generated/values';
import type {
  EventsCursorListArgs,
  EventsCursorListData,
  EventsCursorRegisterArgs,
  EventsCursorRegisterData,
  EventsEmitArgs,
  EventsEmitData,
  EventsListAgencyArgs,
  EventsListReviewArgs,
  EventsRecordArgs,
  EventsRecordData,
  EventsTailArgs,
} from '../../generated/types';
import { type DbContext, projectDir } from '../cli/context';
import { firstLine, UsageError } from '../cli/errors';
import type { RecordStream } from '../cli/output';
import { DatabaseReplacedError } from '../db/identity';
import { formatRfc3339, rfc3339Local } from '../format/time';
import { pause, type StopSignal } from '../sys/sleep';
import { envelopeOf } from './envelope';
import { type Origin, REVIEW_TYPES, parsePayload, recordEvent, recordReview } from './ingest';
import { NOTHING_DELIVERED, SOURCES, type Since, readBatch } from './tail';

/** Cursors are state entries under this key, the cursor's name as scope_id. */
export const CURSOR_KEY = KernelStateKey.Cursor;
/** A cursor lives this long after its last save, unless it was registered durable (no expiry). */
export const CURSOR_TTL_S = 24 * 3600;
/** --limit 0 or less. */
const MAX_BATCH = 1000;

/**
 * A cursor's payload: the last id delivered of each source, Go's six first
 * ({"phase":N,"dispatch":N,"interspect":N,"discovery":N,"review":N,"coordination":N}),
 * then agency and intent. A payload written before those sources existed
 * ({"phase":N,"dispatch":M}) reads with the others at 0.
 */
export function cursorPayload(since: Since): string {
  return `{${SOURCES.map((s) => `"${s}":${since[s]}`).join(',')}}`;
}

/**
 * The position a payload holds; the start of every source when it is not a
 * JSON object or a position in it is not a whole number (Go's decoder
 * refuses the whole payload then).
 */
export function parseCursor(payload: string): Since {
  let value: unknown;
  try {
    value = JSON.parse(payload);
  } catch {
    return { ...NOTHING_DELIVERED };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return { ...NOTHING_DELIVERED };
  const since = { ...NOTHING_DELIVERED };
  for (const source of SOURCES) {
    const v = (value as Record<string, unknown>)[source];
    if (v === undefined || v === null) continue;
    if (!Number.isSafeInteger(v)) return { ...NOTHING_DELIVERED };
    since[source] = v as number;
  }
  return since;
}

/** The cursor's position, or the start when it is missing, expired or unreadable. */
function loadCursor(ctx: DbContext, name: string): Since {
  const row = getState(ctx.db, { key: CURSOR_KEY, scope_id: name });
  if (!row || (row.expires_at != null && row.expires_at <= ctx.now())) return { ...NOTHING_DELIVERED };
  return parseCursor(row.payload);
}

function saveCursor(ctx: DbContext, name: string, since: Since): void {
  try {
    ctx.write((tx) => {
      // A durable cursor (registered so, no expiry) stays durable.
      const had = getState(tx.db, { key: CURSOR_KEY, scope_id: name });
      const durable = had !== undefined && had.expires_at === null;
      putState(tx.db, {
        key: CURSOR_KEY,
        scope_id: name,
        payload: cursorPayload(since),
        updated_at: tx.now,
        expires_at: durable ? null : tx.now + CURSOR_TTL_S,
      });
    });
  } catch (err) {
    // Not a failed save but the end: the database is no longer this process's to write.
    if (err instanceof DatabaseReplacedError) throw err;
    ctx.stderr(`[event] saveCursor ${name}: ${firstLine(err)}`);
  }
}

export async function tail(ctx: DbContext, args: EventsTailArgs, out: RecordStream<EventEnvelope>): Promise<void> {
  const run = args.all ? undefined : args.run_id;
  const limit = args.limit > 0 ? args.limit : MAX_BATCH;
  const cursor = args.consumer === undefined ? undefined : args.run_id === undefined ? args.consumer : `${args.consumer}:${args.run_id}`;
  const flags: Since = {
    phase: args.since_phase ?? 0,
    dispatch: args.since_dispatch ?? 0,
    interspect: args.since_interspect ?? 0,
    discovery: args.since_discovery ?? 0,
    review: args.since_review ?? 0,
    coordination: args.since_coordination ?? 0,
    agency: args.since_agency ?? 0,
    intent: args.since_intent ?? 0,
  };
  const explicit = SOURCES.some((s) => flags[s] !== 0);
  const since: Since = cursor && !explicit ? loadCursor(ctx, cursor) : flags;

  // --follow ends cleanly on SIGINT or SIGTERM: never inside a line, exit 0.
  const stop: StopSignal = { requested: false };
  const onSignal = () => {
    stop.requested = true;
    stop.wake?.();
  };
  if (args.follow) {
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  }
  try {
    for (;;) {
      // A follower notices a database moved, replaced or deleted under it (exit 2), rather than reading a dead file for ever.
      ctx.checkDbIdentity();
      const batch = readBatch(ctx.db, run, since, limit);
      for (const event of batch) {
        // The output went away (or failed): stop, and keep the cursor where it was.
        if (!out.write(envelopeOf(event))) return;
        since[event.source] = event.row.id;
        if (stop.requested) break;
      }
      if (cursor && batch.length) saveCursor(ctx, cursor, since);
      if (!args.follow || stop.requested) return;
      await pause(args.poll_interval, stop);
      if (stop.requested) return;
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}

export function cursorList(ctx: DbContext, _args: EventsCursorListArgs): EventsCursorListData {
  return liveStateEntries(ctx.db, { key: CURSOR_KEY, now: ctx.now() }).map((r) => ({ name: r.scope_id, payload: r.payload }));
}

/** A cursor from the start of every source, or one already there with its position kept; durable: no expiry. */
export function cursorRegister(ctx: DbContext, args: EventsCursorRegisterArgs): EventsCursorRegisterData {
  ctx.write((tx) => {
    const had = getState(tx.db, { key: CURSOR_KEY, scope_id: args.consumer });
    const live = had !== undefined && (had.expires_at === null || had.expires_at > tx.now);
    const since = live ? parseCursor(had.payload) : { ...NOTHING_DELIVERED };
    putState(tx.db, {
      key: CURSOR_KEY,
      scope_id: args.consumer,
      payload: cursorPayload(since),
      updated_at: tx.now,
      expires_at: args.durable ? null : tx.now + CURSOR_TTL_S,
    });
  });
  return { consumer: args.consumer, durable: args.durable };
}

/** The run, session (default $CLAUDE_SESSION_ID) and project (default the working directory) of an event recorded now. */
function origin(ctx: DbContext, args: { run?: string; session?: string; project?: string }): Origin {
  return { run: args.run ?? '', session: args.session || ctx.env.CLAUDE_SESSION_ID || '', project: projectDir(ctx, args.project) };
}

export function emit(ctx: DbContext, args: EventsEmitArgs): EventsEmitData {
  if (!args.source) throw new UsageError('--source is required');
  if (!args.type) throw new UsageError('--type is required');
  if (args.source !== 'review') throw new UsageError(`only --source=review is supported (got ${JSON.stringify(args.source)})`);
  if (!(REVIEW_TYPES as readonly string[]).includes(args.type))
    throw new UsageError(`--type must be ${REVIEW_TYPES.join(' or ')} (got ${JSON.stringify(args.type)})`);
  if (!args.context) throw new UsageError('--context is required for review events');
  const context = parsePayload(args.context, '--context');
  return { id: recordReview(ctx, args.type, context, origin(ctx, args), 'events emit') };
}

export function record(ctx: DbContext, args: EventsRecordArgs): EventsRecordData {
  const id = recordEvent(
    ctx,
    { source: args.source, type: args.type, payload: args.payload, key: args.idempotency_key },
    origin(ctx, args),
  );
  return id === undefined ? {} : { id };
}

const batchSize = (limit: number) => (limit > 0 ? limit : MAX_BATCH);

export function listReview(ctx: DbContext, args: EventsListReviewArgs, out: RecordStream<ReviewEvent>): void {
  for (const e of listReviewEvents(ctx.db, { since: args.since, limit: batchSize(args.limit) })) {
    const line: ReviewEvent = {
      id: e.id,
      run_id: e.run_id ?? undefined,
      finding_id: e.finding_id,
      agents_json: e.agents_json,
      resolution: e.resolution,
      dismissal_reason: e.dismissal_reason ?? undefined,
      chosen_severity: e.chosen_severity,
      impact: e.impact,
      event_type: e.event_type,
      session_id: e.session_id ?? undefined,
      project_dir: e.project_dir ?? undefined,
      timestamp: rfc3339Local(e.created_at),
    };
    if (!out.write(line)) return;
  }
}

export function listAgency(ctx: DbContext, args: EventsListAgencyArgs, out: RecordStream<AgencyEvent>): void {
  const rows = listAgencyEvents(ctx.db, {
    agency_name: args.agency ?? '',
    run_id: args.run ?? '',
    since: args.since,
    limit: batchSize(args.limit),
  });
  for (const e of rows) {
    const line: AgencyEvent = {
      id: e.id,
      run_id: e.run_id ?? undefined,
      agency_name: e.agency_name,
      event_type: e.event_type,
      cycle_id: e.cycle_id,
      stage: e.stage,
      context_json: e.context_json,
      idempotency_key: e.idempotency_key,
      project_dir: e.project_dir ?? undefined,
      // Go prints an agency event's time in UTC.
      timestamp: formatRfc3339(e.created_at, 0),
    };
    if (!out.write(line)) return;
  }
}
