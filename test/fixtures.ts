// Databases as earlier versions of ic (v0-v6) and of Go's ic (v1-v38) left
// them, for migration tests: the schema of that version as the spec's since
// marks give it (generated/db/history.ts, which is what both created for a
// new database: checked against Go's own schema.sql of every version), with
// rows in every table.
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { HISTORY_TABLES, schemaAt } from '../generated/db/history';

export interface Insert {
  sql: string;
  params: Record<string, unknown>;
}

const T0 = 1_700_000_000;

/** Values of columns whose meaning the rows must keep (statuses, phases, checks, references). */
const SPECIAL: Record<string, (i: number) => unknown> = {
  'state.payload': (i) => JSON.stringify({ i, text: `é🙂\t"${i}` }),
  'state.expires_at': (i) => (i % 2 ? null : 4102444800),
  'dispatches.status': (i) => ['spawned', 'running', 'completed', 'failed'][i % 4],
  'dispatches.pid': () => null,
  'dispatches.sandbox_spec': (i) => (i % 2 ? null : '{"mode":"workspace-write"}'),
  'dispatches.sandbox_effective': () => null,
  'runs.status': (i) => (i % 2 ? 'completed' : 'active'),
  'runs.phase': (i) => ['brainstorm', 'strategized', 'planned', 'review', 'executing'][i % 5],
  'runs.complexity': (i) => 1 + (i % 5),
  'runs.force_full': (i) => (i % 3 === 2 ? 1 : 0),
  'runs.auto_advance': () => 1,
  'runs.phases': (i) => (i === 3 ? '["draft","review","done"]' : null),
  'runs.token_budget': (i) => (i % 2 ? null : 100000),
  'runs.budget_enforce': (i) => i % 2,
  'runs.gate_rules': (i) => (i === 0 ? '{"planned->executing":[{"check":"artifact_exists","phase":"planned"}]}' : null),
  'runs.parent_run_id': () => null,
  'runs.goal_id': () => null,
  'runs.metadata': (i) => (i % 2 ? null : '{"k":"v"}'),
  'phase_events.event_type': () => 'advance',
  'phase_events.gate_result': () => 'pass',
  'phase_events.gate_tier': () => 'soft',
  'phase_events.envelope_json': (i) => (i % 2 ? null : '{"trace_id":"t"}'),
  'run_agents.status': () => 'active',
  'run_artifacts.status': () => 'active',
  'dispatch_events.from_status': () => 'spawned',
  'dispatch_events.to_status': () => 'running',
  'dispatch_events.event_type': () => 'status_change',
  'coordination_locks.type': () => 'named_lock',
  'coordination_locks.exclusive': () => 1,
  'interest_profile.id': () => 1,
  'authorizations.mode': () => 'auto',
  'authorizations.vetting': (i) => (i % 2 ? null : '{"tests":"passed"}'),
  'authorizations.sig_version': () => 0,
  'authorizations.signature': () => null,
  'authorizations.signed_at': () => null,
  'authz_tokens.depth': (i) => i % 4,
  'authz_tokens.parent_token': () => null,
  'scheduler_jobs.dispatch_id': (i) => `d000000${i}`,
};

/** The id of the row `i` of a table others point at, as the references of the rows use it. */
const REFERENCED: Record<string, (i: number) => string> = {
  runs: (i) => `r000000${i}`,
  dispatches: (i) => `d000000${i}`,
  lanes: (i) => `l000000${i}`,
  authz_tokens: (i) => `tok-${i}`,
};

function value(table: string, column: { name: string; ddl: string }, i: number): unknown {
  const special = SPECIAL[`${table}.${column.name}`];
  if (special) return special(i);
  const ddl = column.ddl.toUpperCase();
  const ref = /REFERENCES (\w+)\(/i.exec(column.ddl)?.[1];
  if (ref && REFERENCED[ref]) return REFERENCED[ref](i);
  if (/PRIMARY KEY/.test(ddl)) return REFERENCED[table]?.(i) ?? `${table}-${i}`;
  if (!/NOT NULL/.test(ddl) && i % 3 === 1) return null;
  const type = ddl.split(/\s+/)[1];
  if (type === 'INTEGER') return /_AT$/.test(column.name.toUpperCase()) ? T0 + i : 1000 + i;
  if (type === 'REAL') return i + 0.5;
  if (type === 'BLOB') return Buffer.from([i, 0, 255]);
  return `${table}.${column.name} ${i}${i % 2 ? ' ünïcødé 🙂' : ''}`;
}

/** INSERTs of `n` rows into every table that exists at `version` (interest_profile holds one row at most). */
export function rowsAt(version: number, n = 3): Insert[] {
  const out: Insert[] = [];
  for (const t of HISTORY_TABLES.filter((t) => t.since <= version)) {
    const columns = t.columns.filter((c) => c.since <= version && !/AUTOINCREMENT/i.test(c.ddl));
    for (let i = 0; i < (t.name === 'interest_profile' ? 1 : n); i++) {
      const params = Object.fromEntries(columns.map((c) => [c.name, value(t.name, c, i)]));
      out.push({
        sql: `INSERT INTO ${t.name} (${columns.map((c) => c.name).join(', ')}) VALUES (${columns.map((c) => '@' + c.name).join(', ')})`,
        params,
      });
    }
  }
  return out;
}

/**
 * A database as an older ic (or Go's ic) left it at `version`, `rows` rows in
 * every table. Version 0: the v1 tables an early build made without setting
 * user_version.
 */
export function legacyDb(path: string, version: number, options: { rows?: number } = {}): void {
  mkdirSync(join(path, '..'), { recursive: true });
  const db = new Database(path);
  db.transaction(() => {
    for (const sql of schemaAt(Math.max(version, 1))) db.exec(sql);
    for (const { sql, params } of rowsAt(Math.max(version, 1), options.rows ?? 1)) db.prepare(sql).run(params);
  })();
  db.pragma(`user_version = ${version}`);
  db.close();
}
