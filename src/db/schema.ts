// Whether a database has the whole current schema: every table, column,
// index and trigger the spec declares, not only the right user_version. A
// database whose version says current but lacks a table fails with one clear
// line instead of a raw "no such table" later.
import { SCHEMA_OBJECTS } from '../../generated/db/migrations';
import { anyTableNamed, schemaColumns, schemaObjects } from '../../generated/db/queries/db';
import { SCHEMA_PROBE, TABLES } from '../../generated/db/tables';
import { FailureError } from '../cli/errors';
import type { Db } from './open';

/** What of the current schema is missing: `table t`, `column t.c`, `index i`, `trigger g`. */
export function missingSchema(db: Db): string[] {
  const rows = schemaColumns(db);
  const present = new Set(rows.map((r) => `${r.t}.${r.c}`));
  const tables = new Set(rows.map((r) => r.t));
  const objects = new Set(schemaObjects(db).map((r) => r.o));
  const missing: string[] = [];
  for (const table of TABLES) {
    if (!tables.has(table.name)) {
      missing.push(`table ${table.name}`);
      continue;
    }
    for (const c of table.columns) if (!present.has(`${table.name}.${c}`)) missing.push(`column ${table.name}.${c}`);
    const { indexes, triggers } = SCHEMA_OBJECTS[table.name]!;
    for (const i of indexes) if (!objects.has(`index ${i}`)) missing.push(`index ${i}`);
    for (const g of triggers) if (!objects.has(`trigger ${g}`)) missing.push(`trigger ${g}`);
  }
  return missing;
}

/** Whether any table of ours exists (a brand-new or foreign file has none). */
export function hasAnyTable(db: Db): boolean {
  return anyTableNamed(db, { names: JSON.stringify(TABLES.map((t) => t.name)) }) !== undefined;
}

export class DamagedSchemaError extends FailureError {
  constructor(missing: readonly string[]) {
    super(`database schema is damaged (missing ${missing.join(', ')}); run ic init to repair it`);
    this.name = 'DamagedSchemaError';
  }
}

/**
 * Preparing SCHEMA_PROBE (never running it), one statement that names every
 * table and column the spec declares, is the check every open makes: SQLite
 * refuses it if anything is missing, in a fraction of the time that listing
 * the schema takes.
 */
export function assertSchemaComplete(db: Db): void {
  try {
    db.prepare(SCHEMA_PROBE);
  } catch (err) {
    // Say what is missing; anything else (a busy or damaged file) is its own error.
    const missing = missingSchema(db);
    if (missing.length) throw new DamagedSchemaError(missing);
    throw err;
  }
}
