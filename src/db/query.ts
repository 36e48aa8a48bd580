// What the generated query functions (generated/db/queries/) run on: each
// statement prepared once per connection, and the one check a write gets at
// run time, that a value belongs to its column's value set. All SQL text is
// in spec/queries/ and generated/.
import type { Statement } from 'better-sqlite3';
import { FailureError } from '../cli/errors';
import type { Db } from './open';

export type SqlValue = string | number | bigint | Buffer | null;

export class InvalidWriteError extends FailureError {
  constructor(column: string, why: string) {
    super(`internal error: refusing to write ${column}: ${why}`);
    this.name = 'InvalidWriteError';
  }
}

const statements = new WeakMap<Db, Map<string, Statement>>();

/** The statement for this SQL on this connection, prepared on first use. */
export function prepared(db: Db, sql: string): Statement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let stmt = cache.get(sql);
  if (!stmt) cache.set(sql, (stmt = db.prepare(sql)));
  return stmt;
}

/** The value, after checking that it is one of its column's value set (`runs.status`). */
export function checkValue<T extends string>(column: string, values: readonly T[], value: T): T;
export function checkValue<T extends string>(column: string, values: readonly T[], value: T | null | undefined): T | null;
export function checkValue<T extends string>(column: string, values: readonly T[], value: T | null | undefined): T | null {
  if (value === null || value === undefined) return null;
  if (!values.includes(value)) throw new InvalidWriteError(column, `"${value}" is not one of ${values.join(', ')}`);
  return value;
}

/** A boolean as SQLite stores it. */
export const flag = (value: boolean | number): number => (value === true || value === 1 ? 1 : 0);

/** A nullable boolean as SQLite stores it. */
export const flagOrNull = (value: boolean | number | null | undefined): number | null =>
  value === null || value === undefined ? null : flag(value);
