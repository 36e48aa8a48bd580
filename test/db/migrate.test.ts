// src/db/migrate.ts on its own: the migration matrix. A database of every
// earlier version (ic's v0-v6, Go's ic's v1-v38, built from the spec's
// history with rows in every table) migrates to v39 in one call: the schema
// is then the current one (every table, column, index and trigger; the
// columns of a table that existed keep their places, later ones come last),
// every old row keeps every old value, new columns hold their defaults, the
// marker rows are there, and the backup holds the old database.
import Database from 'better-sqlite3';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FRESH_SCHEMA, SCHEMA_VERSION } from '../../generated/db/migrations';
import { DEFAULTS } from '../../generated/db/tables';
import { backupName, migrate } from '../../src/db/migrate';
import { legacyDb } from '../fixtures';
import { tempDir } from '../helpers';

type Rows = Record<string, Record<string, unknown>[]>;

/** Every row of every table, all columns, in rowid order. */
function allRows(db: Database.Database): Rows {
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'").pluck().all() as string[];
  return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT * FROM "${t}" ORDER BY rowid`).all() as Record<string, unknown>[]]));
}

/** The schema as comparable data: each table's columns (sorted: a migrated table has later columns last), indexes and triggers with their SQL. */
function shape(db: Database.Database) {
  const norm = (sql: string) =>
    sql
      .replace(/\s+/g, ' ')
      .replace(/ ?([(),]) ?/g, '$1')
      .trim();
  const objects = db
    .prepare("SELECT type, name, tbl_name, sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .all() as { type: string; name: string; tbl_name: string; sql: string }[];
  return objects.map((o) =>
    o.type === 'table'
      ? {
          table: o.name,
          columns: (db.pragma(`table_xinfo(${o.name})`) as object[]).map((c) => JSON.stringify(c).replace(/"cid":\d+,/, '')).sort(),
        }
      : { [o.type]: o.name, on: o.tbl_name, sql: norm(o.sql) },
  );
}

const fresh = new Database(':memory:');
for (const sql of FRESH_SCHEMA) fresh.exec(sql);
const FRESH_SHAPE = shape(fresh);
const FRESH_ROWS = allRows(fresh);

/** The default a column of the current schema gives a row that existed before the column. */
function defaultOf(table: string, column: string): unknown {
  return (DEFAULTS as Record<string, Record<string, unknown>>)[table]?.[column] ?? null;
}

const V6_CHAIN = ['brainstorm', 'brainstorm-reviewed', 'strategized', 'planned', 'executing', 'review', 'polish', 'done'];
const WALKS: Record<number, string[]> = {
  1: ['brainstorm', 'planned', 'executing', 'done'],
  2: ['brainstorm', 'brainstorm-reviewed', 'planned', 'executing', 'done'],
};

/** The chain the migration stamps on a run with none: the walk it had (ic's v6 and Go's v1-v6 by complexity; Go's v7 all 8 phases). */
function stampOf(run: Record<string, unknown>, from: number): string | null {
  if (run.phases !== null && run.phases !== undefined) return run.phases as string;
  if (from >= 8) return null;
  const walk = from < 7 && !run.force_full ? WALKS[run.complexity as number] : undefined;
  return JSON.stringify(walk ? V6_CHAIN.filter((p) => walk.includes(p) || p === run.phase) : V6_CHAIN);
}

const EVERY_EARLIER = Array.from({ length: SCHEMA_VERSION }, (_, v) => v);

describe('migration from every earlier version to v39, with rows in every table', () => {
  for (const from of EVERY_EARLIER) {
    it(`v${from}`, () => {
      const dir = tempDir();
      const path = join(dir, 'intercore.db');
      legacyDb(path, from, { rows: 3 });
      const db = new Database(path);
      const before = allRows(db);
      const result = migrate(db, path, new Date(2026, 0, 2, 3, 4, 5));
      expect(result).toMatchObject({ from, to: SCHEMA_VERSION, backup: backupName(path, new Date(2026, 0, 2, 3, 4, 5)) });
      expect(result.repaired).toEqual([]);
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.pragma('foreign_key_check')).toEqual([]);
      expect(shape(db)).toEqual(FRESH_SHAPE);

      const after = allRows(db);
      for (const [table, rows] of Object.entries(before)) {
        // Rows stay in place; only authorizations gains the marker rows of the steps it had not had.
        const added = after[table]!.slice(rows.length);
        expect(
          added.map((r) => r.id),
          table,
        ).toEqual(
          table === 'authorizations' ? FRESH_ROWS.authorizations!.map((r) => r.id).filter((id) => !rows.some((r) => r.id === id)) : [],
        );
        rows.forEach((row, i) => {
          const now = after[table]![i]!;
          for (const column of Object.keys(now)) {
            const expected =
              table === 'runs' && column === 'phases' ? stampOf(row, from) : column in row ? row[column] : defaultOf(table, column);
            expect(now[column], `${table}[${i}].${column}`).toEqual(expected);
          }
        });
      }
      // Tables that arrived after `from` are empty, but for the marker rows of Go's authorization migrations.
      for (const table of Object.keys(after).filter((t) => !(t in before))) {
        expect(after[table]!.map((r) => r.id ?? r)).toEqual(FRESH_ROWS[table]!.map((r) => r.id ?? r));
      }
      expect((after.authorizations ?? []).filter((r) => String(r.id).startsWith('migration-')).map((r) => r.id)).toEqual([
        'migration-033-cutover-marker',
        'migration-034-tokens-enabled',
        'migration-035-receipts-enabled',
      ]);
      db.close();

      const backups = readdirSync(dir).filter((f) => f.includes('.backup-'));
      expect(backups).toHaveLength(1);
      const backup = new Database(join(dir, backups[0]!), { readonly: true });
      expect(backup.pragma('user_version', { simple: true })).toBe(from);
      expect(allRows(backup)).toEqual(before);
      backup.close();

      // Again: nothing to do, no second backup.
      const again = new Database(path);
      expect(migrate(again, path)).toEqual({ from: SCHEMA_VERSION, to: SCHEMA_VERSION });
      again.close();
      expect(readdirSync(dir).filter((f) => f.includes('.backup-'))).toHaveLength(1);
    });
  }
});

describe('what a migration tolerates', () => {
  it("a database Go's Migrate left without columns of its own schema (sessions' token counts, lanes.intent) is repaired, and says so", () => {
    const dir = tempDir();
    const path = join(dir, 'intercore.db');
    // As Go's Migrate leaves a v26 database it takes to v31.
    legacyDb(path, 31, { rows: 2 });
    const db = new Database(path);
    db.exec(`
      ALTER TABLE lanes DROP COLUMN intent;
      ALTER TABLE sessions DROP COLUMN input_tokens; ALTER TABLE sessions DROP COLUMN output_tokens;
      ALTER TABLE sessions DROP COLUMN cache_creation_tokens; ALTER TABLE sessions DROP COLUMN cache_read_tokens;
    `);
    const before = allRows(db);
    expect(migrate(db, path)).toMatchObject({
      from: 31,
      to: SCHEMA_VERSION,
      repaired: [
        'column lanes.intent',
        'column sessions.input_tokens',
        'column sessions.output_tokens',
        'column sessions.cache_creation_tokens',
        'column sessions.cache_read_tokens',
      ],
    });
    expect(shape(db)).toEqual(FRESH_SHAPE);
    const after = allRows(db);
    expect(after.sessions!.map((r) => [r.session_id, r.input_tokens])).toEqual(before.sessions!.map((r) => [r.session_id, 0]));
    expect(after.lanes!.map((r) => [r.name, r.intent])).toEqual(before.lanes!.map((r) => [r.name, '']));
    db.close();
  });

  it('objects an earlier attempt (or a later Go schema) already made: columns, tables, indexes and marker rows', () => {
    const dir = tempDir();
    const path = join(dir, 'intercore.db');
    legacyDb(path, 20, { rows: 2 });
    const db = new Database(path);
    db.exec(`
      ALTER TABLE phase_events ADD COLUMN envelope_json TEXT;
      CREATE TABLE run_replay_inputs (id INTEGER PRIMARY KEY AUTOINCREMENT, run_id TEXT NOT NULL REFERENCES runs(id), kind TEXT NOT NULL, input_key TEXT, payload TEXT NOT NULL DEFAULT '{}', artifact_ref TEXT, event_source TEXT, event_id INTEGER, created_at INTEGER NOT NULL DEFAULT (unixepoch()));
      CREATE INDEX idx_replay_inputs_run_created ON run_replay_inputs(run_id, created_at, id);
    `);
    expect(migrate(db, path)).toMatchObject({ from: 20, to: SCHEMA_VERSION, repaired: [] });
    expect(shape(db)).toEqual(FRESH_SHAPE);
    db.close();
  });

  it('a version newer than v39 is refused, naming both versions, and nothing changes', () => {
    const dir = tempDir();
    const path = join(dir, 'intercore.db');
    legacyDb(path, 39);
    const db = new Database(path);
    db.pragma('user_version = 40');
    expect(() => migrate(db, path)).toThrow('database schema v40 is newer than this ic supports (v39); upgrade ic');
    expect(db.pragma('user_version', { simple: true })).toBe(40);
    expect(db.inTransaction).toBe(false);
    db.close();
    expect(readdirSync(dir).filter((f) => f.includes('.backup-'))).toEqual([]);
  });
});

describe('init', () => {
  it('names backups by local time', () => {
    expect(backupName('/x/i.db', new Date(2026, 10, 24, 9, 5, 7))).toBe('/x/i.db.backup-20261124-090507');
  });
});
