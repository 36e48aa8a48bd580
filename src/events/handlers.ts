// events tail (the bus as JSON lines, with consumer cursors) and events
// cursor list. events cursor reset is a generic operation in the spec.
import { getState, liveStateEntries, putState } from '../../generated/db/queries/state';
import type { EventEnvelope } from '../../generated/records';
import { KernelStateKey } from '../../generated/values';
import type { EventsCursorListArgs, EventsCursorListData, EventsTailArgs } from '../../generated/types';
import type { DbContext } from '../cli/context';
import { firstLine } from '../cli/errors';
import type { RecordStream } from '../cli/output';
import { DatabaseReplacedError } from '../db/identity';
import { envelopeOf } from './envelope';
import { type Since, readBatch } from './tail';

/** Cursors are state entries under this key, the cursor's name as scope_id. */
export const CURSOR_KEY = KernelStateKey.Cursor;
/** A cursor lives this long after its last save. */
export const CURSOR_TTL_S = 24 * 3600;
/** --limit 0 or less. */
const MAX_BATCH = 1000;

/** The cursor's position, or 0/0 when it is missing, expired or unreadable. */
function loadCursor(ctx: DbContext, name: string): Since {
  const row = getState(ctx.db, { key: CURSOR_KEY, scope_id: name });
  if (!row || (row.expires_at != null && row.expires_at <= ctx.now())) return { phase: 0, dispatch: 0 };
  try {
    const { phase, dispatch } = JSON.parse(row.payload) as Since;
    return Number.isSafeInteger(phase) && Number.isSafeInteger(dispatch) ? { phase, dispatch } : { phase: 0, dispatch: 0 };
  } catch {
    return { phase: 0, dispatch: 0 };
  }
}

function saveCursor(ctx: DbContext, name: string, since: Since): void {
  try {
    ctx.write((tx) => {
      const payload = JSON.stringify({ phase: since.phase, dispatch: since.dispatch });
      putState(tx.db, { key: CURSOR_KEY, scope_id: name, payload, updated_at: tx.now, expires_at: tx.now + CURSOR_TTL_S });
    });
  } catch (err) {
    // Not a failed save but the end: the database is no longer this process's to write.
    if (err instanceof DatabaseReplacedError) throw err;
    ctx.stderr(`[event] saveCursor ${name}: ${firstLine(err)}`);
  }
}

/** Resolves after `ms`, or as soon as the process is asked to stop. */
function pause(ms: number, stop: { requested: boolean; wake?: () => void }): Promise<void> {
  return new Promise((done) => {
    const timer = setTimeout(done, ms);
    stop.wake = () => {
      clearTimeout(timer);
      done();
    };
  });
}

export async function tail(ctx: DbContext, args: EventsTailArgs, out: RecordStream<EventEnvelope>): Promise<void> {
  const run = args.all ? undefined : args.run_id;
  const limit = args.limit > 0 ? args.limit : MAX_BATCH;
  const cursor = args.consumer === undefined ? undefined : args.run_id === undefined ? args.consumer : `${args.consumer}:${args.run_id}`;
  const explicit = (args.since_phase ?? 0) !== 0 || (args.since_dispatch ?? 0) !== 0;
  const since: Since = cursor && !explicit ? loadCursor(ctx, cursor) : { phase: args.since_phase ?? 0, dispatch: args.since_dispatch ?? 0 };

  // --follow ends cleanly on SIGINT or SIGTERM: never inside a line, exit 0.
  const stop: { requested: boolean; wake?: () => void } = { requested: false };
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
