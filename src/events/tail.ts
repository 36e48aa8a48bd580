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
import { dispatchEventsAfter, phaseEventsAfter, runDispatchEventsAfter, runPhaseEventsAfter } from '../../generated/db/queries/events';
import type { Db } from '../db/open';
import type { RecordedEvent } from './record';

export interface Since {
  phase: number;
  dispatch: number;
}

/** Where a source stands among others at the same created_at (the contract: dispatch before phase). */
const SOURCE_ORDER: readonly RecordedEvent['source'][] = ['dispatch', 'phase'];
const rank = (e: RecordedEvent) => SOURCE_ORDER.indexOf(e.source);

/** Whether `a` goes before `b` in the contract's order. */
const before = (a: RecordedEvent, b: RecordedEvent) =>
  (a.row.created_at - b.row.created_at || rank(a) - rank(b) || a.row.id - b.row.id) < 0;

/**
 * The first `limit` events of sources each in id order, merged by their
 * next events: each source's order is kept whatever the times say, so the
 * last id delivered of a source is a cursor that skips nothing.
 */
export function mergeSources(sources: readonly RecordedEvent[][], limit: number): RecordedEvent[] {
  const next = sources.map(() => 0);
  const batch: RecordedEvent[] = [];
  while (batch.length < limit) {
    let pick = -1;
    for (let i = 0; i < sources.length; i++) {
      const head = sources[i]![next[i]!];
      if (head && (pick < 0 || before(head, sources[pick]![next[pick]!]!))) pick = i;
    }
    if (pick < 0) break;
    batch.push(sources[pick]![next[pick]!++]!);
  }
  return batch;
}

/** A run's events (phase events of the run, dispatch events whose run_id is it), or every event (run undefined). */
export function readBatch(db: Db, run: string | undefined, since: Since, limit: number): RecordedEvent[] {
  const phaseRows =
    run === undefined
      ? phaseEventsAfter(db, { after: since.phase, limit })
      : runPhaseEventsAfter(db, { run_id: run, after: since.phase, limit });
  const dispatchRows =
    run === undefined
      ? dispatchEventsAfter(db, { after: since.dispatch, limit })
      : runDispatchEventsAfter(db, { run_id: run, after: since.dispatch, limit });
  const phase = phaseRows.map((row): RecordedEvent => ({ source: 'phase', row }));
  const dispatch = dispatchRows.map((row): RecordedEvent => ({ source: 'dispatch', row }));
  return mergeSources([phase, dispatch], limit);
}
