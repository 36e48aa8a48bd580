// Every statement ic can run on a table is in the generated inventory
// (generated/db/queries.json). Generation already refused an undeclared full
// scan against an empty schema; here each statement is planned again against
// a database with rows and statistics (ANALYZE), where the planner has real
// choices to make: EXPLAIN QUERY PLAN may show a full scan only of a table
// the query declares (`-- scans:`, or `scans:` of a generic operation).
import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TABLES } from '../../generated/db/tables';
import { ROOT, project } from '../helpers';

interface Entry {
  name: string;
  sql: string;
  params: string[];
  scans: string[];
}
const INVENTORY = JSON.parse(readFileSync(join(ROOT, 'generated/db/queries.json'), 'utf8')) as Entry[];

/** The plan lines that read a whole table: a SCAN, unless it walks a partial index (whose rows are exactly the ones asked for). */
function fullScans(db: Database.Database, sql: string, params: Record<string, unknown>): string[] {
  const partial = new Set(
    (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql LIKE '% WHERE %'").all() as { name: string }[]).map(
      (r) => r.name,
    ),
  );
  const plan = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[];
  return plan
    .map((p) => p.detail)
    .filter((d) => /^SCAN /.test(d))
    .filter((d) => !partial.has(/USING (?:COVERING )?INDEX (\w+)/.exec(d)?.[1] ?? ''));
}

/** The table a plan line scans, through the statement's aliases. */
function scannedTable(sql: string, line: string): string {
  const name = line.split(' ')[1]!;
  const alias = new RegExp(`\\b(?:FROM|JOIN)\\s+(\\w+)\\s+(?:AS\\s+)?${name}\\b`, 'i').exec(sql);
  return alias ? alias[1]! : name;
}

describe('every query in the inventory uses an index, or declares its scan', () => {
  it('the inventory holds every query, with its SQL and parameters', () => {
    expect(INVENTORY.length).toBeGreaterThan(40);
    for (const q of INVENTORY) expect(q.sql, q.name).toMatch(/^\s*(SELECT|INSERT|UPDATE|DELETE|WITH)\b/i);
    expect(new Set(INVENTORY.map((q) => q.name)).size).toBe(INVENTORY.length);
  });

  it('planned against a database with rows and statistics', async () => {
    const p = await project();
    const db = p.db();
    db.transaction(() => {
      for (let i = 0; i < 300; i++) {
        db.prepare("INSERT INTO runs (id, project_dir, goal, status, created_at) VALUES (?, '/elsewhere', 'x', ?, ?)").run(
          `r${String(i).padStart(7, '0')}`,
          i % 2 ? 'active' : 'completed',
          i,
        );
        db.prepare('INSERT INTO sentinels (name, scope_id, last_fired) VALUES (?, ?, ?)').run(`n${i}`, 's', i);
        db.prepare("INSERT INTO state (key, scope_id, payload) VALUES (?, 's', '{}')").run(`k${i}`);
        db.prepare("INSERT INTO dispatches (id, project_dir, status, created_at, scope_id) VALUES (?, '/p', ?, ?, ?)").run(
          `d${String(i).padStart(7, '0')}`,
          i % 50 ? 'completed' : 'running',
          i,
          `r${String(i % 30).padStart(7, '0')}`,
        );
        db.prepare("INSERT INTO phase_events (run_id, from_phase, to_phase, created_at) VALUES (?, 'a', 'b', ?)").run(
          `r${String(i % 30).padStart(7, '0')}`,
          i,
        );
      }
    })();
    db.exec('ANALYZE');
    const scans: Record<string, string[]> = {};
    for (const q of INVENTORY) {
      const params = Object.fromEntries(q.params.map((name) => [name, name === 'limit' ? 10 : name === 'names' ? '[]' : 'x']));
      // The catalog and table-valued functions are not tables of ours.
      const undeclared = fullScans(db, q.sql, params)
        .map((line) => ({ line, table: scannedTable(q.sql, line) }))
        .filter(({ table }) => TABLES.some((t) => t.name === table) && !q.scans.includes(table))
        .map(({ line }) => line);
      if (undeclared.length) scans[q.name] = undeclared;
    }
    expect(scans).toEqual({});
  });

  it('the check itself sees a full scan, and a partial index as no scan', async () => {
    const q = await project();
    const db = q.db();
    expect(fullScans(db, 'SELECT * FROM runs WHERE goal = @goal', { goal: 'x' })).toEqual(['SCAN runs']);
    expect(fullScans(db, 'SELECT * FROM runs WHERE id = @id', { id: 'x' })).toEqual([]);
    db.exec("CREATE TABLE t (a TEXT, b INTEGER); CREATE INDEX t_b ON t(b); CREATE INDEX t_active ON t(a) WHERE a = 'active'");
    expect(fullScans(db, 'SELECT * FROM t WHERE a = @a ORDER BY b', { a: 'other' })).toEqual(['SCAN t USING INDEX t_b']);
    expect(fullScans(db, "SELECT * FROM t WHERE a = 'active'", {})).toEqual([]);
    expect(scannedTable('SELECT * FROM runs AS r WHERE r.goal = 1', 'SCAN r')).toBe('runs');
  });
});
