// Reading the bus: one batch of the events of every source after the given
// ids. Each source is read in id order, and a consumer's cursor is the last
// id it got of each source, so delivery must follow id order within a
// source: otherwise an event with a lower id than one already delivered
// would lie behind the cursor for good. The sources are merged by Go's
// order, created_at, then source name, then id, applied to the next event
// of each: the same stream as a sort whenever each source's times rise with
// its ids (rows are stamped once the write lock is held,
// src/db/transaction.ts), and still complete when they do not (a clock
// stepped back). The first `limit` of the merge are among the first `limit`
// of each source: one index range scan a source, whatever the size of the
// tables.
import * as q from '../../generated/db/queries/events';
import type { Db } from '../db/open';
import type { BusEvent } from './record';

export type Source = BusEvent['source'];

/** The sources of the bus, in the order of the cursor's payload: Go's six, then agency and intent. */
export const SOURCES = [
  'phase',
  'dispatch',
  'interspect',
  'discovery',
  'review',
  'coordination',
  'agency',
  'intent',
] as const satisfies readonly Source[];

/** The last id delivered of each source. */
export type Since = Record<Source, number>;

export const NOTHING_DELIVERED: Readonly<Since> = Object.freeze(Object.fromEntries(SOURCES.map((s) => [s, 0])) as Since);

/** Where a source stands among others at the same created_at: by its name, as Go's ORDER BY source. */
const rank = (e: BusEvent) => e.source;

/** Whether `a` goes before `b` in Go's order. */
const before = (a: BusEvent, b: BusEvent) =>
  a.row.created_at !== b.row.created_at
    ? a.row.created_at < b.row.created_at
    : rank(a) !== rank(b)
      ? rank(a) < rank(b)
      : a.row.id < b.row.id;

/**
 * The first `limit` events of sources each in id order, merged by their
 * next events: each source's order is kept whatever the times say, so the
 * last id delivered of a source is a cursor that skips nothing.
 */
export function mergeSources(sources: readonly BusEvent[][], limit: number): BusEvent[] {
  const next = sources.map(() => 0);
  const batch: BusEvent[] = [];
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

type Page = { after: number; limit: number };

/** Each source's reader: of the whole bus, and of one run (none for discovery events, which belong to no run). */
const READERS: { [S in Source]: { all: (db: Db, p: Page) => unknown[]; run?: (db: Db, p: Page & { run_id: string }) => unknown[] } } = {
  phase: { all: q.phaseEventsAfter, run: q.runPhaseEventsAfter },
  dispatch: { all: q.dispatchEventsAfter, run: q.runDispatchEventsAfter },
  interspect: { all: q.interspectEventsAfter, run: q.runInterspectEventsAfter },
  discovery: { all: q.discoveryEventsAfter },
  review: { all: q.reviewEventsAfter, run: q.runReviewEventsAfter },
  coordination: { all: q.coordinationEventsAfter, run: q.runCoordinationEventsAfter },
  agency: { all: q.agencyEventsAfter, run: q.runAgencyEventsAfter },
  intent: { all: q.intentEventsAfter, run: q.runIntentEventsAfter },
};

/** A run's events (those whose run_id is it), or every event (run undefined), after `since`. */
export function readBatch(db: Db, run: string | undefined, since: Since, limit: number): BusEvent[] {
  const sources: BusEvent[][] = [];
  for (const source of SOURCES) {
    const reader = READERS[source];
    const page = { after: since[source], limit };
    const rows = run === undefined ? reader.all(db, page) : reader.run ? reader.run(db, { ...page, run_id: run }) : [];
    sources.push(rows.map((row) => ({ source, row }) as BusEvent));
  }
  return mergeSources(sources, limit);
}

type Latest = { limit: number };

/** Each source's newest events first: of the whole bus, and of one run. */
const LATEST: { [S in Source]: { all: (db: Db, p: Latest) => unknown[]; run?: (db: Db, p: Latest & { run_id: string }) => unknown[] } } = {
  phase: { all: q.latestPhaseEvents, run: q.latestRunPhaseEvents },
  dispatch: { all: q.latestDispatchEvents, run: q.latestRunDispatchEvents },
  interspect: { all: q.latestInterspectEvents, run: q.latestRunInterspectEvents },
  discovery: { all: q.latestDiscoveryEvents },
  review: { all: q.latestReviewEvents, run: q.latestRunReviewEvents },
  coordination: { all: q.latestCoordinationEvents, run: q.latestRunCoordinationEvents },
  agency: { all: q.latestAgencyEventsOfBus, run: q.latestRunAgencyEventsOfBus },
  intent: { all: q.latestIntentEvents, run: q.latestRunIntentEvents },
};

/** The latest `count` events of the bus (of a run), oldest first, in the order events tail gives them. */
export function readLatest(db: Db, run: string | undefined, count: number): BusEvent[] {
  const sources: BusEvent[][] = [];
  for (const source of SOURCES) {
    const reader = LATEST[source];
    const rows = run === undefined ? reader.all(db, { limit: count }) : reader.run ? reader.run(db, { limit: count, run_id: run }) : [];
    sources.push(rows.reverse().map((row) => ({ source, row }) as BusEvent));
  }
  const merged = mergeSources(
    sources,
    sources.reduce((n, s) => n + s.length, 0),
  );
  return merged.slice(Math.max(0, merged.length - count));
}
