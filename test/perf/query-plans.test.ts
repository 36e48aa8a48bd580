// Every statement the hot commands run, generated or handwritten, must use
// an index: EXPLAIN QUERY PLAN may not show a full table scan. The
// statements are recorded as the commands really run them (SQL and
// parameters), so nothing has to be copied here by hand.
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Project, project } from '../helpers';

interface Recorded {
  sql: string;
  params: unknown[];
}
let recorded: Recorded[] = [];

// Record statements at execution time, with their parameters.
const proto = Database.prototype as unknown as { prepare: (sql: string) => Database.Statement };
const originalPrepare = proto.prepare;
beforeAll(() => {
  proto.prepare = function (this: Database.Database, sql: string) {
    const stmt = originalPrepare.call(this, sql);
    for (const method of ['run', 'get', 'all'] as const) {
      const original = stmt[method].bind(stmt) as (...params: unknown[]) => unknown;
      (stmt as unknown as Record<string, unknown>)[method] = (...params: unknown[]) => {
        recorded.push({ sql, params });
        return original(...params);
      };
    }
    return stmt;
  };
});
afterAll(() => {
  proto.prepare = originalPrepare;
});

/**
 * The plan lines that read a whole table: a SCAN, unless it walks a partial
 * index (whose rows are exactly the ones asked for). A scan through an
 * ordinary index, for its order, still reads every row.
 */
function fullScans(db: Database.Database, { sql, params }: Recorded): string[] {
  if (!/^\s*(SELECT|UPDATE|DELETE|INSERT)/i.test(sql)) return [];
  const partial = new Set(
    (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql LIKE '% WHERE %'").all() as { name: string }[]).map(
      (r) => r.name,
    ),
  );
  const plan = db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as { detail: string }[];
  return plan
    .map((p) => p.detail)
    .filter((d) => /^SCAN /.test(d))
    .filter((d) => !partial.has(/USING (?:COVERING )?INDEX (\w+)/.exec(d)?.[1] ?? ''));
}

/**
 * Full scans accepted, each with its reason. The database file is Go's
 * schema exactly (CONTRACT-HEAD), and Go's has no index on
 * sentinels.last_fired (ic's v4-v6 had one; v7 drops it): the 7-day prune
 * every check makes reads the whole table, as Go's does. The table stays
 * small because of that very prune (one row per name and scope that fired
 * within 7 days).
 */
const ALLOWED_SCANS: Record<string, string[]> = {
  'sentinel check': ['SCAN sentinels in: DELETE FROM sentinels WHERE last_fired < ?'],
};

const HOT: [string, (ids: Record<string, string>) => string[], string?][] = [
  ['sentinel check', () => ['sentinel', 'check', 'hot', 's', '--interval=60']],
  ['state get', () => ['state', 'get', 'k', 's']],
  ['state set', () => ['state', 'set', 'k', 's'], '{"a":1}'],
  ['state list', () => ['state', 'list', 'k']],
  ['run create', () => ['run', 'create', '--goal=g']],
  ['run current', () => ['run', 'current']],
  ['run status', (ids) => ['run', 'status', ids.run!]],
  ['run phase', (ids) => ['run', 'phase', ids.run!]],
  ['run advance', (ids) => ['run', 'advance', ids.run!]],
  ['run events', (ids) => ['run', 'events', ids.run!]],
  ['run list --active', () => ['run', 'list', '--active']],
  ['run set', (ids) => ['run', 'set', ids.run!, '--complexity=2']],
  ['run agent add', (ids) => ['run', 'agent', 'add', ids.run!]],
  ['run agent list', (ids) => ['run', 'agent', 'list', ids.run!]],
  ['run agent update', (ids) => ['run', 'agent', 'update', ids.run!, ids.agent!, '--status=completed']],
  ['run artifact add', (ids) => ['run', 'artifact', 'add', ids.run!, '--phase=planned', '--path=p.md']],
  ['run artifact list', (ids) => ['run', 'artifact', 'list', ids.run!, '--phase=planned']],
  ['dispatch status', () => ['dispatch', 'status', 'disp0001']],
  ['dispatch poll', () => ['dispatch', 'poll', 'disp0001']],
  ['dispatch list --active', () => ['dispatch', 'list', '--active']],
];

describe('hot queries use an index', () => {
  let p: Project;
  const ids: Record<string, string> = {};
  const results = new Map<string, { statements: number; scans: string[] }>();

  it('every statement of every hot command, as recorded', async () => {
    p = await project();
    const db = p.db();
    // Enough rows that the planner has a choice to make.
    db.transaction(() => {
      for (let i = 0; i < 200; i++) {
        db.prepare("INSERT INTO runs (id, project_dir, goal, status) VALUES (?, '/elsewhere', 'x', ?)").run(
          `r${String(i).padStart(7, '0')}`,
          i % 2 ? 'active' : 'completed',
        );
        db.prepare('INSERT INTO sentinels (name, scope_id, last_fired) VALUES (?, ?, 1)').run(`n${i}`, 's');
        db.prepare("INSERT INTO state (key, scope_id, payload) VALUES (?, 's', '{}')").run(`k${i}`);
      }
      for (let i = 0; i < 200; i++) {
        db.prepare('INSERT INTO dispatches (id, project_dir, status, created_at) VALUES (?, ?, ?, ?)').run(
          `d${String(i).padStart(7, '0')}`,
          '/p',
          i % 50 ? 'completed' : 'running',
          i,
        );
      }
      db.prepare("INSERT INTO dispatches (id, project_dir, status) VALUES ('disp0001', '/p', 'completed')").run();
    })();
    db.exec('ANALYZE');
    ids.run = (await p.ic(['run', 'create', '--goal=hot'])).stdout.trim();
    ids.agent = (await p.ic(['run', 'agent', 'add', ids.run])).stdout.trim();

    for (const [name, argv, stdin] of HOT) {
      recorded = [];
      const r = await p.ic(argv(ids), { stdin });
      expect([name, r.stderr]).toEqual([name, '']);
      // The schema check reads the catalog (sqlite_master: a row per table and index, whatever the data): not a table scan.
      const own = recorded.filter(
        (s) => !s.sql.startsWith('EXPLAIN') && !/^\s*PRAGMA/i.test(s.sql) && !/\bFROM sqlite_master\b/.test(s.sql),
      );
      const scans = own.flatMap((s) => fullScans(db, s).map((d) => `${d} in: ${s.sql}`));
      // An allowed scan must still be there to be allowed (the list cannot outlive its reason).
      for (const allowed of ALLOWED_SCANS[name] ?? []) expect(scans, name).toContain(allowed);
      results.set(name, { statements: own.length, scans: scans.filter((d) => !(ALLOWED_SCANS[name] ?? []).includes(d)) });
    }
    const scans = Object.fromEntries([...results].filter(([, v]) => v.scans.length).map(([k, v]) => [k, v.scans]));
    expect(scans).toEqual({});
    // The recording itself works: every command ran at least one statement.
    expect([...results].filter(([, v]) => v.statements === 0).map(([k]) => k)).toEqual([]);
  });

  it('the check itself sees a full scan', async () => {
    const q = await project();
    const db = q.db();
    expect(fullScans(db, { sql: 'SELECT * FROM runs WHERE goal = ?', params: ['x'] })).toEqual(['SCAN runs']);
    expect(fullScans(db, { sql: 'SELECT * FROM runs WHERE id = ?', params: ['x'] })).toEqual([]);
    // A scan through an ordinary index (for its order) reads every row; a
    // partial index serves only the constant it was made for.
    db.exec("CREATE TABLE t (a TEXT, b INTEGER); CREATE INDEX t_b ON t(b); CREATE INDEX t_active ON t(a) WHERE a = 'active'");
    expect(fullScans(db, { sql: 'SELECT * FROM t WHERE a = ? ORDER BY b', params: ['other'] })).toEqual(['SCAN t USING INDEX t_b']);
    expect(fullScans(db, { sql: "SELECT * FROM t WHERE a = 'active'", params: [] })).toEqual([]);
  });
});
