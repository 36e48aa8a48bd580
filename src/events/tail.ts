// Reading the bus: one batch of phase events and dispatch events after the
// given ids. Each source is read in id order, and a consumer's cursor is the
// last id it got of each source, so delivery must follow id order within a
// source: otherwise an event with a lower id than one already delivered
// would lie behind the cursor for good. The two sources are merged by the
// contract's order, created_at, then dispatch before phase, then id, applied
// to the next event of each: the same stream as a sort whenever each
// source's times rise with its ids (rows are stamped once the write lock is
// held, src/db/transaction.ts), and still complete when they do not (a
// clock stepped back). The first `limit` of the merge are among the first
// `limit` of each source: two index range scans, whatever the size of the
// tables.
import { dispatchEvents, phaseEvents } from '../../generated/db/tables';
import type { Db } from '../db/open';
import { gt, ifSet } from '../db/store';
import type { RecordedEvent } from './record';

export interface Since {
  phase: number;
  dispatch: number;
}

const rank = (e: RecordedEvent) => (e.source === 'dispatch' ? 0 : 1);

/** Whether `a` goes before `b` in the contract's order. */
const before = (a: RecordedEvent, b: RecordedEvent) =>
  (a.row.created_at - b.row.created_at || rank(a) - rank(b) || a.row.id - b.row.id) < 0;

/** A run's events (phase events of the run, dispatch events whose run_id is it), or every event (run undefined). */
export function readBatch(db: Db, run: string | undefined, since: Since, limit: number): RecordedEvent[] {
  const phase = phaseEvents
    .list(db, { run_id: ifSet(run), id: gt(since.phase) }, { order: ['id'], limit })
    .map((row): RecordedEvent => ({ source: 'phase', row }));
  const dispatch = dispatchEvents
    .list(db, { run_id: ifSet(run), id: gt(since.dispatch) }, { order: ['id'], limit })
    .map((row): RecordedEvent => ({ source: 'dispatch', row }));
  const batch: RecordedEvent[] = [];
  let p = 0;
  let d = 0;
  while (batch.length < limit && (p < phase.length || d < dispatch.length)) {
    const next = d >= dispatch.length || (p < phase.length && before(phase[p]!, dispatch[d]!)) ? phase[p++]! : dispatch[d++]!;
    batch.push(next);
  }
  return batch;
}
