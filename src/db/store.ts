// The one SQL path. Every statement ic runs on a table is built here from the
// table's generated descriptor (generated/db/tables.ts): generic operations of
// the spec and handlers alike call a Table's methods, and no other file writes
// SQL for a table. Writes are checked against the descriptor (types, value
// sets) before they reach SQLite; statements are prepared once per process.
import type { Statement } from 'better-sqlite3';
import { FailureError } from '../cli/errors';
import { newId } from './ids';
import type { Db } from './open';

export type SqlValue = string | number | Buffer | null;

export interface ColumnDescriptor {
  readonly name: string;
  readonly type: 'text' | 'integer' | 'real' | 'blob' | 'boolean';
  readonly nullable: boolean;
  /** Used by insert when no value is given: a literal, or the current time. */
  readonly default?: string | number | typeof NOW;
  readonly generate?: 'id8';
  readonly autoincrement?: boolean;
  /** The value set every stored value must belong to, and its name for messages. */
  readonly values?: readonly string[];
}

export interface TableDescriptor {
  readonly name: string;
  readonly primaryKey: readonly string[];
  readonly columns: readonly ColumnDescriptor[];
}

/** The default `now`: the insert's current Unix time. */
export const NOW = Symbol('now');

// --- conditions -----------------------------------------------------------------

const SKIP = Symbol('skip');

type Op =
  | { readonly kind: 'cmp'; readonly sql: '<' | '<=' | '>' | '>=' | '<>'; readonly value: SqlValue }
  | { readonly kind: 'constant'; readonly values: readonly (string | number)[] }
  | { readonly kind: 'null_or_gt'; readonly value: SqlValue }
  | { readonly kind: 'null' | 'not_null' };

const OP = Symbol('op');
type Condition = { readonly [OP]: Op };

/**
 * A WHERE clause as data: column → a value (equality, bound), a condition
 * made by the helpers below, or `skip` (no condition). `undefined` is an
 * error, never "any": an unset key must not widen an update or a delete.
 */
export type Where<Row> = { readonly [K in keyof Row]?: Row[K] | boolean | Condition | typeof SKIP };

const cmp = (sql: '<' | '<=' | '>' | '>=' | '<>') => (value: SqlValue) => ({ [OP]: { kind: 'cmp', sql, value } as Op });
export const lt = cmp('<');
export const le = cmp('<=');
export const gt = cmp('>');
export const ge = cmp('>=');
export const ne = cmp('<>');
export const isNull = (): Condition => ({ [OP]: { kind: 'null' } });
export const notNull = (): Condition => ({ [OP]: { kind: 'not_null' } });
export const nullOrGt = (value: SqlValue): Condition => ({ [OP]: { kind: 'null_or_gt', value } });
/**
 * Equality with a constant of the spec, written into the SQL as a literal:
 * SQLite uses a partial index (`WHERE status = 'active'`) only when the query
 * names the same constant, never for a bound parameter. Several values: IN.
 */
export const constant = (...values: (string | number)[]): Condition => ({ [OP]: { kind: 'constant', values } });
/** The condition only when `on` is true (a switch such as --active). */
export const when = <T>(on: boolean, condition: T): T | typeof SKIP => (on ? condition : SKIP);
/** Equality only when the value is given (an optional flag). */
export const ifSet = <T>(value: T | undefined): T | typeof SKIP => (value === undefined ? SKIP : value);

function literal(value: string | number): string {
  return typeof value === 'number' ? String(value) : `'${value.replace(/'/g, "''")}'`;
}

// --- the table ------------------------------------------------------------------

export interface ListOptions<Row> {
  /** Columns (or rowid), each optionally followed by ` desc`. */
  order?: readonly `${Extract<keyof Row, string> | 'rowid'}${'' | ' desc' | ' asc'}`[];
  limit?: number;
}

export class InvalidWriteError extends FailureError {
  constructor(table: string, column: string, why: string) {
    super(`internal error: refusing to write ${table}.${column}: ${why}`);
    this.name = 'InvalidWriteError';
  }
}

const statements = new WeakMap<Db, Map<string, Statement>>();

function prepare(db: Db, sql: string): Statement {
  let cache = statements.get(db);
  if (!cache) statements.set(db, (cache = new Map()));
  let stmt = cache.get(sql);
  if (!stmt) cache.set(sql, (stmt = db.prepare(sql)));
  return stmt;
}

/** Typed access to one table, driven by its descriptor. */
export class Table<Row extends object, Insert extends object = Partial<Row>> {
  private readonly byName: ReadonlyMap<string, ColumnDescriptor>;

  constructor(readonly descriptor: TableDescriptor) {
    this.byName = new Map(descriptor.columns.map((c) => [c.name, c]));
  }

  get name(): string {
    return this.descriptor.name;
  }

  /** The literal default the spec declares for a column: what a row that stores NULL there means. */
  defaultOf<K extends Extract<keyof Row, string>>(column: K): NonNullable<Row[K]> {
    const value = this.byName.get(column)?.default;
    if (value === undefined || value === NOW) throw new Error(`${this.name}.${column} declares no literal default`);
    return value as NonNullable<Row[K]>;
  }

  /** Inserts a row, filling defaults and a generated id; returns the row as stored. */
  insert(db: Db, values: Insert, now: number): Row {
    const row = this.complete(values, now);
    const names = Object.keys(row);
    const info = prepare(db, `INSERT INTO ${this.name} (${names.join(', ')}) VALUES (${names.map((n) => '@' + n).join(', ')})`).run(row);
    const auto = this.descriptor.columns.find((c) => c.autoincrement);
    return (auto ? { ...row, [auto.name]: Number(info.lastInsertRowid) } : row) as Row;
  }

  /** Inserts, or on a primary-key conflict sets every other column to the new row's value. */
  upsert(db: Db, values: Insert, now: number): Row {
    const row = this.complete(values, now);
    const names = Object.keys(row);
    const key = this.descriptor.primaryKey;
    const others = names.filter((n) => !key.includes(n));
    prepare(
      db,
      `INSERT INTO ${this.name} (${names.join(', ')}) VALUES (${names.map((n) => '@' + n).join(', ')}) ` +
        `ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${others.map((n) => `${n} = excluded.${n}`).join(', ')}`,
    ).run(row);
    return row as Row;
  }

  /** The row with this primary key. */
  get(db: Db, key: Where<Row>): Row | undefined {
    return this.find(db, key);
  }

  /** The first row matching, in the given order. */
  find(db: Db, where: Where<Row>, options: ListOptions<Row> = {}): Row | undefined {
    return this.list(db, where, { ...options, limit: 1 })[0];
  }

  list(db: Db, where: Where<Row> = {}, options: ListOptions<Row> = {}): Row[] {
    return this.select(db, undefined, where, options) as Row[];
  }

  /** Only some columns of the matching rows. */
  select<K extends keyof Row & string>(
    db: Db,
    columns: readonly K[] | undefined,
    where: Where<Row> = {},
    options: ListOptions<Row> = {},
  ): Pick<Row, K>[] {
    columns?.forEach((c) => this.column(c));
    const w = this.where(where);
    const order = options.order?.length ? ` ORDER BY ${options.order.map((o) => this.orderTerm(o)).join(', ')}` : '';
    const limit = options.limit === undefined ? '' : ` LIMIT ${Math.trunc(options.limit)}`;
    const sql = `SELECT ${columns ? columns.join(', ') : '*'} FROM ${this.name}${w.sql}${order}${limit}`;
    return prepare(db, sql).all(...w.params) as Pick<Row, K>[];
  }

  count(db: Db, where: Where<Row> = {}, options: { distinct?: keyof Row & string } = {}): number {
    const w = this.where(where);
    const what = options.distinct ? `DISTINCT ${this.column(options.distinct).name}` : '*';
    return (prepare(db, `SELECT count(${what}) AS n FROM ${this.name}${w.sql}`).get(...w.params) as { n: number }).n;
  }

  /** Σ of each column over the matching rows (NULL counts 0). */
  sum<K extends keyof Row & string>(db: Db, columns: readonly K[], where: Where<Row> = {}): Record<K, number> {
    const w = this.where(where);
    const terms = columns.map((c) => `coalesce(sum(${this.column(c).name}), 0) AS ${c}`);
    return prepare(db, `SELECT ${terms.join(', ')} FROM ${this.name}${w.sql}`).get(...w.params) as Record<K, number>;
  }

  /**
   * Sets the patch's columns on the matching rows; returns how many changed.
   * Naming the value a column was read with makes it a compare-and-set:
   * `update(db, { id, phase: from }, { phase: to })` moves only from `from`.
   */
  update(db: Db, where: Where<Row>, patch: Partial<Row>): number {
    const names = Object.keys(patch).filter((n) => (patch as Record<string, unknown>)[n] !== undefined);
    if (!names.length) return 0;
    const values = names.map((n) => this.checked(n, (patch as Record<string, unknown>)[n]));
    const w = this.where(where);
    if (!w.sql) throw new InvalidWriteError(this.name, '*', 'an update needs a WHERE clause');
    return prepare(db, `UPDATE ${this.name} SET ${names.map((n) => `${n} = ?`).join(', ')}${w.sql}`).run(...values, ...w.params).changes;
  }

  delete(db: Db, where: Where<Row>): number {
    const w = this.where(where);
    return prepare(db, `DELETE FROM ${this.name}${w.sql}`).run(...w.params).changes;
  }

  // --- internals ------------------------------------------------------------------

  private column(name: string): ColumnDescriptor {
    const column = this.byName.get(name);
    if (!column) throw new InvalidWriteError(this.name, name, 'no such column');
    return column;
  }

  private orderTerm(term: string): string {
    const [name, dir] = term.split(' ') as [string, string | undefined];
    if (name !== 'rowid') this.column(name);
    return dir ? `${name} ${dir.toUpperCase()}` : name;
  }

  /** The full row an insert writes: every column, defaults and a generated id filled in. */
  private complete(values: Insert, now: number): Record<string, SqlValue> {
    const given = values as Record<string, unknown>;
    const row: Record<string, SqlValue> = {};
    for (const c of this.descriptor.columns) {
      let value = given[c.name];
      if (value === undefined || value === null) {
        if (c.autoincrement) continue;
        if (c.generate === 'id8' && value === undefined) value = newId();
        else if (c.default !== undefined && value === undefined) value = c.default === NOW ? now : c.default;
      }
      row[c.name] = this.checked(c.name, value ?? null);
    }
    return row;
  }

  /** The value as SQLite stores it, after checking it against the column. */
  private checked(name: string, value: unknown): SqlValue {
    const c = this.column(name);
    if (value === null || value === undefined) {
      if (!c.nullable) throw new InvalidWriteError(this.name, name, 'a value is required');
      return null;
    }
    if (c.type === 'boolean') {
      if (typeof value === 'boolean') return value ? 1 : 0;
      if (value === 0 || value === 1) return value;
      throw new InvalidWriteError(this.name, name, `${JSON.stringify(value)} is not a boolean`);
    }
    if (c.type === 'integer') {
      if (typeof value === 'number' && Number.isSafeInteger(value)) return value;
      throw new InvalidWriteError(this.name, name, `${JSON.stringify(value)} is not an integer`);
    }
    if (c.type === 'real') {
      if (typeof value === 'number' && Number.isFinite(value)) return value;
      throw new InvalidWriteError(this.name, name, `${JSON.stringify(value)} is not a number`);
    }
    if (c.type === 'blob') {
      if (Buffer.isBuffer(value)) return value;
      throw new InvalidWriteError(this.name, name, 'not bytes');
    }
    if (typeof value !== 'string') throw new InvalidWriteError(this.name, name, `${JSON.stringify(value)} is not text`);
    if (c.values && !c.values.includes(value)) {
      throw new InvalidWriteError(this.name, name, `"${value}" is not one of ${c.values.join(', ')}`);
    }
    return value;
  }

  private where(where: Where<Row>): { sql: string; params: SqlValue[] } {
    const terms: string[] = [];
    const params: SqlValue[] = [];
    for (const [name, raw] of Object.entries(where) as [string, unknown][]) {
      if (raw === SKIP) continue;
      if (raw === undefined) throw new InvalidWriteError(this.name, name, 'a condition has no value (use ifSet for an optional one)');
      const c = this.column(name);
      const op = typeof raw === 'object' && raw !== null && OP in raw ? (raw as Condition)[OP] : undefined;
      if (!op) {
        terms.push(`${c.name} = ?`);
        params.push(typeof raw === 'boolean' ? Number(raw) : (raw as SqlValue));
        continue;
      }
      switch (op.kind) {
        case 'cmp':
          terms.push(`${c.name} ${op.sql} ?`);
          params.push(op.value);
          break;
        case 'constant':
          terms.push(
            op.values.length === 1 ? `${c.name} = ${literal(op.values[0]!)}` : `${c.name} IN (${op.values.map(literal).join(', ')})`,
          );
          break;
        case 'null_or_gt':
          terms.push(`(${c.name} IS NULL OR ${c.name} > ?)`);
          params.push(op.value);
          break;
        case 'null':
          terms.push(`${c.name} IS NULL`);
          break;
        case 'not_null':
          terms.push(`${c.name} IS NOT NULL`);
          break;
      }
    }
    return { sql: terms.length ? ` WHERE ${terms.join(' AND ')}` : '', params };
  }
}
