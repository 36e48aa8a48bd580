// Shared by the hardening suites: what every rejected command must look like,
// a snapshot of every table to prove a rejected command wrote nothing, and a
// database seeded with a row in every table. And the one knob of how hard the
// hardening suites push: IC_STRESS.
import type Database from 'better-sqlite3';
import { expect } from 'vitest';
import type { IcResult } from '../helpers';

/**
 * IC_STRESS=1 runs the kill loops, race repetitions and hostile-input sweeps
 * at full length (minutes each, as before a release or after touching
 * transactions, migrations or process handling); unset or 0, the default,
 * runs each loop a few times and every distinct case once, which proves
 * each property at a fraction of the cost. The only place the variable is read.
 */
export const STRESS = !['', '0'].includes(process.env.IC_STRESS ?? '');

/** A loop's count: `quick` by default, `stress` under IC_STRESS=1. */
export function loops(quick: number, stress: number): number {
  return STRESS ? stress : quick;
}

/** Every row of every table (and the schema version), as one comparable string. */
export function snapshot(db: Database.Database): string {
  const tables = (
    prepared(db, "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as {
      name: string;
    }[]
  ).map((r) => r.name);
  const out: Record<string, unknown> = { user_version: db.pragma('user_version', { simple: true }) };
  for (const t of tables) out[t] = prepared(db, `SELECT * FROM "${t}" ORDER BY rowid`).raw().all();
  return JSON.stringify(out);
}

// A snapshot runs a statement a table, twice an attempt, thousands of times
// in the batteries: each connection keeps its statements (SQLite prepares a
// kept statement again itself when the schema changes).
const statements = new WeakMap<Database.Database, Map<string, Database.Statement>>();
function prepared(db: Database.Database, sql: string): Database.Statement {
  let mine = statements.get(db);
  if (!mine) statements.set(db, (mine = new Map()));
  let statement = mine.get(sql);
  if (!statement) mine.set(sql, (statement = db.prepare(sql)));
  return statement;
}

const ONE_ERROR_LINE = /^ic: [^\n]*\n$/;

/**
 * The contract's shape of any answer: exit 0..3; no stack trace anywhere;
 * an error (2, 3) is one `ic: ` line on stderr and nothing on stdout; exit 1
 * is silent or one `ic: ` line.
 */
/**
 * The contract's shape of an answer. A command with exit codes of its own
 * (spec error_exit, receipt's verdicts) has 0 up to that code, and only that
 * code is an error.
 */
export function expectWellFormed(r: IcResult, label: string, errorExit?: number): void {
  const where = `${label} -> ${JSON.stringify(r).slice(0, 400)}`;
  const codes = Array.from({ length: (errorExit ?? 3) + 1 }, (_, i) => i);
  expect(codes, where).toContain(r.code);
  expect(r.stderr, where).not.toMatch(/\n\s+at /);
  expect(r.stdout, where).not.toMatch(/\n\s+at .*:\d+:\d+/);
  if (errorExit !== undefined ? r.code === errorExit : r.code >= 2) {
    expect(r.stdout, where).toBe('');
    expect(r.stderr, where).toMatch(ONE_ERROR_LINE);
  } else if (r.code >= 1 && r.stderr !== '') {
    expect(r.stderr, where).toMatch(ONE_ERROR_LINE);
  } else if (r.code === 0) {
    expect(r.stderr, where).toBe('');
  }
}

/** A row in every table, as a project mid-session would hold. */
export function seed(db: Database.Database): void {
  db.exec(`
    INSERT INTO state (key, scope_id, payload, updated_at, expires_at) VALUES
      ('k', 's', '{"v":1}', 100, NULL), ('k', 't', '[1,2]', 100, 4102444800), ('dispatch', 'x', '{}', 100, NULL);
    INSERT INTO sentinels (name, scope_id, last_fired) VALUES ('n', 's', 4102444800), ('stop', 'x', 4102444800);
    INSERT INTO dispatches (id, project_dir, status, created_at) VALUES ('d0000001', '/p', 'completed', 4102444800);
    INSERT INTO runs (id, project_dir, goal, phase, created_at, updated_at) VALUES ('r0000001', '/p', 'g', 'brainstorm-reviewed', 4102444800, 4102444800);
    INSERT INTO phase_events (run_id, from_phase, to_phase, created_at) VALUES ('r0000001', 'brainstorm', 'brainstorm-reviewed', 4102444800);
    INSERT INTO run_agents (id, run_id, created_at, updated_at) VALUES ('a0000001', 'r0000001', 4102444800, 4102444800);
    INSERT INTO run_artifacts (id, run_id, phase, path, created_at) VALUES ('f0000001', 'r0000001', 'planned', 'plan.md', 4102444800);
  `);
}
