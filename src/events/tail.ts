// Reading the bus: one batch of phase events and dispatch events after the
// given ids, merged in the contract's order: created_at, then dispatch before
// phase, then id. Each source is read in id order, which is its created_at
// order (rows are stamped at insert), so the first `limit` of the merge are
// among the first `limit` of each source: two index range scans, whatever
// the size of the tables.
import { dispatchEventsAfter, phaseEventsAfter, runDispatchEventsAfter, runPhaseEventsAfter } from '../../generated/db/queries/events';
import type { Db } from '../db/open';
import type { RecordedEvent } from './record';

export interface Since {
  phase: number;
  dispatch: number;
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
  const rank = (e: RecordedEvent) => (e.source === 'dispatch' ? 0 : 1);
  return [...phase, ...dispatch]
    .sort((a, b) => a.row.created_at - b.row.created_at || rank(a) - rank(b) || a.row.id - b.row.id)
    .slice(0, limit);
}
