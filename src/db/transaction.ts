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

export function writeTransaction<T>(db: Db, now: number, body: (tx: Tx) => T): { result: T; recorded: RecordedEvent[] } {
  const tx: Tx = { db, now, recorded: [] };
  const result = db.transaction(() => body(tx)).immediate();
  return { result, recorded: tx.recorded };
}

/** Reads that must see one state of the database (a deferred transaction: no write lock). */
export function readTransaction<T>(db: Db, body: () => T): T {
  return db.transaction(body).deferred();
}
