// Migration from any earlier schema to the current one, in one exclusive
// transaction, after a backup of a database that holds anything.
import { tableCount, tableHasColumn } from '../../generated/db/queries/db';
import { FRESH_SCHEMA, MIGRATIONS, type MigrationStatement, SCHEMA_VERSION } from '../../generated/db/migrations';
import { writeBackup } from './backup';
import { hasAnyTable, missingSchema } from './schema';
import { type Db, SchemaTooNewError, schemaVersion } from './open';

export interface MigrationResult {
  from: number;
  to: number;
  backup?: string;
  /** What a repair of a current-version database added (`table t`, `column t.c`). */
  repaired?: string[];
}

export function backupName(dbPath: string, now: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  const stamp = `${now.getFullYear()}${p(now.getMonth() + 1)}${p(now.getDate())}-${p(now.getHours())}${p(now.getMinutes())}${p(now.getSeconds())}`;
  return `${dbPath}.backup-${stamp}`;
}

/** Whether a table has a column (for ADD COLUMN steps an earlier, interrupted attempt may have done). */
function hasColumn(db: Db, table: string, column: string): boolean {
  return tableHasColumn(db, { table_name: table, column_name: column }) !== undefined;
}

/** Runs a step's statements; `from` is the version the migration started from (0 for a repair, which replays every table's full form). */
function apply(db: Db, statements: readonly MigrationStatement[], from: number): void {
  for (const statement of statements) {
    if (statement.from && !(from >= (statement.from.atLeast ?? 0) && from < (statement.from.below ?? Infinity))) continue;
    if (statement.addsColumn && hasColumn(db, statement.addsColumn.table, statement.addsColumn.column)) continue;
    db.exec(statement.sql);
  }
}

/**
 * Takes any earlier database to the current schema, or repairs a current one
 * that lacks tables, columns, indexes or triggers, in one exclusive
 * transaction after a backup of a database that holds anything. A brand-new
 * database gets the whole schema at once; an older one (ic's v0-v6, or Go
 * ic's v1-v38) every step it has not had. Every step is idempotent (IF NOT
 * EXISTS, ADD COLUMN only when missing, INSERT OR IGNORE), so a database an
 * interrupted earlier attempt left half-way, or one whose tables Go's ic made
 * in a later form than its version says, is not an error.
 */
export function migrate(db: Db, dbPath: string, now: Date = new Date()): MigrationResult {
  // EXCLUSIVE: of two concurrent inits, the second waits and then finds
  // nothing left to do.
  db.exec('BEGIN EXCLUSIVE');
  try {
    const from = schemaVersion(db);
    if (from > SCHEMA_VERSION) throw new SchemaTooNewError(from);
    const missing = from === SCHEMA_VERSION ? missingSchema(db) : [];
    if (from === SCHEMA_VERSION && !missing.length) {
      db.exec('COMMIT');
      return { from, to: from };
    }
    // serialize() is this transaction's consistent image, WAL content included.
    const backup = from > 0 || tableCount(db)!.n > 0 ? writeBackup(backupName(dbPath, now), db.serialize()) : undefined;
    let repaired: string[] = [];
    if (from === 0 && !hasAnyTable(db)) {
      for (const sql of FRESH_SCHEMA) db.exec(sql);
    } else {
      for (const m of MIGRATIONS) if (m.version > from) apply(db, m.statements, from);
      // What the steps of its own versions should have made and did not: a
      // current database damaged, or one Go's ic migrated without columns its
      // schema.sql has (sessions' token counts, lanes.intent). The schema
      // statements of every step again; data moves ran once, on the way up.
      repaired = missingSchema(db);
      const schemaOnly = (m: (typeof MIGRATIONS)[number]) => m.statements.filter((s) => !s.data);
      if (repaired.length) for (const m of MIGRATIONS) apply(db, schemaOnly(m), 0);
    }
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
    db.exec('COMMIT');
    return { from, to: SCHEMA_VERSION, backup, repaired };
  } catch (err) {
    if (db.inTransaction) db.exec('ROLLBACK');
    throw err;
  }
}
