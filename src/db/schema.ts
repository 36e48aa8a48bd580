// Whether a database has the whole current schema: every table, column,
// index and trigger the spec declares, not only the right user_version. A
// database whose version says current but lacks a table fails with one clear
// line instead of a raw "no such table" later.
import { SCHEMA_OBJECTS } from '../../generated/db/migrations';
import { TABLES } from '../../generated/db/tables';
import { FailureError } from '../cli/errors';
import type { Db } from './open';

/** What of the current schema is missing: `table t`, `column t.c`, `index i`, `trigger g`. */
export function missingSchema(db: Db): string[] {
  const rows = db
    .prepare("SELECT m.name AS t, p.name AS c FROM sqlite_master AS m JOIN pragma_table_info(m.name) AS p WHERE m.type = 'table'")
    .all() as { t: string; c: string }[];
  const present = new Set(rows.map((r) => `${r.t}.${r.c}`));
  const tables = new Set(rows.map((r) => r.t));
  const objects = new Set(
    db.prepare("SELECT type || ' ' || name AS o FROM sqlite_master WHERE type IN ('index', 'trigger')").pluck().all() as string[],
  );
  const missing: string[] = [];
  for (const { descriptor } of TABLES) {
    if (!tables.has(descriptor.name)) {
      missing.push(`table ${descriptor.name}`);
      continue;
    }
    for (const c of descriptor.columns)
      if (!present.has(`${descriptor.name}.${c.name}`)) missing.push(`column ${descriptor.name}.${c.name}`);
    const { indexes, triggers } = SCHEMA_OBJECTS[descriptor.name]!;
    for (const i of indexes) if (!objects.has(`index ${i}`)) missing.push(`index ${i}`);
    for (const g of triggers) if (!objects.has(`trigger ${g}`)) missing.push(`trigger ${g}`);
  }
  return missing;
}

/** Whether any table of ours exists (a brand-new or foreign file has none). */
export function hasAnyTable(db: Db): boolean {
  const names = TABLES.map((t) => `'${t.descriptor.name}'`).join(', ');
  return db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name IN (${names}) LIMIT 1`).get() !== undefined;
}

export class DamagedSchemaError extends FailureError {
  constructor(missing: readonly string[]) {
    super(`database schema is damaged (missing ${missing.join(', ')}); run ic init to repair it`);
    this.name = 'DamagedSchemaError';
  }
}

/**
 * One statement that names every table and column the spec declares.
 * Preparing it (never running it) is the check every open makes: SQLite
 * refuses it if anything is missing, in a fraction of the time that listing
 * the schema takes.
 */
let probe: string | undefined;
const probeSql = () =>
  (probe ??= `SELECT 1 FROM ${TABLES.map(({ descriptor: t }) => `(SELECT ${t.columns.map((c) => `"${c.name}"`).join(', ')} FROM "${t.name}" LIMIT 0)`).join(', ')}`);

export function assertSchemaComplete(db: Db): void {
  try {
    db.prepare(probeSql());
  } catch (err) {
    // Say what is missing; anything else (a busy or damaged file) is its own error.
    const missing = missingSchema(db);
    if (missing.length) throw new DamagedSchemaError(missing);
    throw err;
  }
}
