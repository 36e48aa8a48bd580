// Databases as earlier versions of ic left them, for migration tests.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { MIGRATIONS, type Migration } from '../generated/db/migrations';

/** One migration as a single script. */
export const migrationSql = (m: Migration): string => m.statements.map((s) => s.sql).join('\n');

/** A database as an older ic left it: the spec's own migration steps up to `version`, with a row in each table. */
export function legacyDb(path: string, version: number): void {
  mkdirSync(join(path, '..'), { recursive: true });
  const db = new Database(path);
  for (const step of MIGRATIONS) if (step.version <= version) db.exec(migrationSql(step));
  if (version >= 1) {
    db.prepare("INSERT INTO state (key, scope_id, payload) VALUES ('k', 's', '{\"v\":1}')").run();
    db.prepare("INSERT INTO sentinels (name, scope_id, last_fired) VALUES ('n', 's', 100)").run();
  }
  if (version >= 2) db.prepare("INSERT INTO dispatches (id, project_dir) VALUES ('d1234567', '/p')").run();
  if (version >= 3) {
    db.prepare("INSERT INTO runs (id, project_dir, goal) VALUES ('r1234567', '/p', 'g')").run();
    db.prepare("INSERT INTO phase_events (run_id, from_phase, to_phase) VALUES ('r1234567', 'brainstorm', 'strategized')").run();
  }
  if (version >= 5) {
    db.prepare("INSERT INTO dispatch_events (dispatch_id, from_status, to_status) VALUES ('d1234567', 'spawned', 'running')").run();
  }
  db.pragma(`user_version = ${version}`);
  db.close();
}
