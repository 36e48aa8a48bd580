// Write transactions. Every mutation is one BEGIN IMMEDIATE transaction: the
// write lock is taken before the first read, so what a command decides on is
// still true when it writes. Events recorded inside (src/events/record.ts)
// are handed on only once the transaction has committed.
import type { RecordedEvent } from '../events/record';
import type { Db } from './open';

export interface Tx {
  readonly db: Db;
  /** The transaction's clock: every row it writes carries the same time. */
  readonly now: number;
  /** Events recorded so far; dropped if the transaction rolls back. */
  readonly recorded: RecordedEvent[];
}

/**
 * Runs `body` in one BEGIN IMMEDIATE transaction. The transaction's time is
 * read from `clock` once the write lock is held, never before: a writer that
 * read the clock and then waited for the lock would stamp its rows earlier
 * than rows committed before it (ids and times out of step). A number is a
 * fixed time (tests).
 */
export function writeTransaction<T>(db: Db, clock: number | (() => number), body: (tx: Tx) => T): { result: T; recorded: RecordedEvent[] } {
  const recorded: RecordedEvent[] = [];
  const result = db.transaction(() => body({ db, now: typeof clock === 'number' ? clock : clock(), recorded })).immediate();
  return { result, recorded };
}

/** Reads that must see one state of the database (a deferred transaction: no write lock). */
export function readTransaction<T>(db: Db, body: () => T): T {
  return db.transaction(body).deferred();
}
