// Migrations from earlier schemas (ic's v0 to v6 and Go's ic's v20, v32 and
// v38, each built from the spec's history, test/db/migrate.test.ts covers
// every version in-process), with rows in every table (some of them still
// only in the WAL of a writer that crashed), to the current one: all rows kept, a backup that
// opens and holds exactly the old rows, a second init that changes nothing,
// concurrent inits of which exactly one migrates, and inits SIGKILLed
// mid-migration that leave the old schema or the new, never a mix.
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { schemaAt } from '../../generated/db/history';
import { FRESH_SCHEMA, SCHEMA_VERSION } from '../../generated/db/migrations';
import { ROOT, runIcProcess, tempDir } from '../helpers';
import { rowsAt } from '../fixtures';
import { loops, snapshot } from './common';
import { killLoop } from './kill-loop';
import { runAll } from './lock-holder';

const EARLIER = [0, 1, 2, 3, 4, 5, 6, 20, 32, 38];
/** The kill loop's versions: each round is a process, so fewer. */
const KILLED = [0, 3, 6, 20, 32, 38];

/** The tables and columns a database has: `table.column`, sorted. */
function shape(db: Database.Database): string[] {
  return (
    db
      .prepare(
        "SELECT m.name || '.' || p.name AS c FROM sqlite_master AS m JOIN pragma_table_info(m.name) AS p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%'",
      )
      .pluck()
      .all() as string[]
  ).sort();
}

/** A schema's shape plus the tables of the old rows that are not ic's (a v0 file may hold one): migration leaves them be. */
function withForeign(schema: string[], before: Rows): string[] {
  const ours = new Set(schema.map((c) => c.split('.')[0]));
  const foreign = Object.entries(before).flatMap(([t, { columns }]) => (ours.has(t) ? [] : columns.map((c) => `${t}.${c}`)));
  return [...schema, ...foreign].sort();
}

/** The shape of the current schema. */
function currentShape(): string[] {
  const db = new Database(':memory:');
  for (const sql of FRESH_SCHEMA) db.exec(sql);
  const out = shape(db);
  db.close();
  return out;
}

/**
 * A database as an older ic left it, written by a child process. `crash`:
 * the child dies by SIGKILL after its last commit, so those rows are only in
 * the WAL. Version 0 holds a v1 `state` table an early build made without
 * setting user_version, and a table that is not ic's.
 */
function legacyDb(path: string, version: number, options: { crash?: boolean; bulkBytes?: number } = {}): void {
  mkdirSync(join(path, '..'), { recursive: true, mode: 0o700 });
  const schema = schemaAt(Math.max(version, 1));
  // Blobs cross to the child as hex.
  const rows = rowsAt(Math.max(version, 1), 5).map(({ sql, params }) => ({
    sql,
    params: Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Buffer.isBuffer(v) ? { hex: v.toString('hex') } : v])),
  }));
  const script = `
    const Database = require(${JSON.stringify(join(ROOT, 'node_modules/better-sqlite3'))});
    const [path, version, crash, bulk] = [process.argv[2], Number(process.argv[3]), process.argv[4] === '1', Number(process.argv[5])];
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.transaction(() => {
      for (const sql of ${JSON.stringify(schema)}) db.exec(sql);
      for (const { sql, params } of ${JSON.stringify(rows)}) {
        for (const k in params) if (params[k] && params[k].hex !== undefined) params[k] = Buffer.from(params[k].hex, 'hex');
        db.prepare(sql).run(params);
      }
    })();
    if (version === 0) db.exec("CREATE TABLE notes (body TEXT); INSERT INTO notes VALUES ('not ic''s'), ('ünïcødé 🙂')");
    const state = db.prepare('INSERT INTO state (key, scope_id, payload, updated_at, expires_at) VALUES (?, ?, ?, ?, ?)');
    for (let i = 0; i < 40; i++) state.run('k' + (i % 4), 's' + i, JSON.stringify({ i, text: 'é🙂\\t"' + i }), 1000 + i, i % 3 ? null : 4102444800);
    for (let i = 0; bulk && i * 90000 < bulk; i++) state.run('bulk', 'b' + i, JSON.stringify('x'.repeat(90000)), 1, null);
    db.pragma('user_version = ' + version);
    if (crash) process.kill(process.pid, 'SIGKILL');
    db.close();
  `;
  // The script is long (a schema and rows): a file, not an argument.
  const file = join(path, '..', 'legacy.js');
  writeFileSync(file, script);
  const r = spawnSync(process.execPath, [file, path, String(version), options.crash ? '1' : '0', String(options.bulkBytes ?? 0)], {
    encoding: 'utf8',
  });
  unlinkSync(file);
  if (r.status !== 0 && !(options.crash && r.signal === 'SIGKILL')) throw new Error(`legacy db: ${r.stderr}`);
}

/** Rows of tables, in the columns they had before: what a migration must keep. */
type Rows = Record<string, { columns: string[]; rows: unknown[][] }>;

/**
 * Every row of every table of the database (or of those `like` names, in the
 * columns `like` has): a migration adds tables and columns, and must keep
 * every old row in every old column as it was. Two things a migration
 * changes on purpose are left out: the chain it stamps on runs that had none
 * (runs.phases, test/db/migrate.test.ts checks it) and the marker rows it
 * adds after the old rows of authorizations.
 */
function oldRows(db: Database.Database, like?: Rows): Rows {
  const out: Rows = {};
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
  for (const t of tables) {
    if (like && !(t in like)) continue;
    const columns = (like ? like[t]!.columns : (db.pragma(`table_info(${t})`) as { name: string }[]).map((c) => c.name)).filter(
      (c) => !(t === 'runs' && c === 'phases'),
    );
    const limit = like ? ` LIMIT ${like[t]!.rows.length}` : '';
    out[t] = {
      columns,
      rows: db
        .prepare(`SELECT ${columns.join(', ')} FROM "${t}" ORDER BY rowid${limit}`)
        .raw()
        .all() as unknown[][],
    };
  }
  return out;
}

const backups = (dir: string) =>
  readdirSync(join(dir, '.clavain'))
    .filter((f) => /\.backup-\d{8}-\d{6}(\.\d+)?$/.test(f))
    .sort();

describe('migration from every earlier schema, with data', () => {
  for (const from of EARLIER) {
    it(`v${from} -> v${SCHEMA_VERSION} twice: rows kept, backup complete and readable, second run a no-op`, () => {
      const dir = tempDir();
      const path = join(dir, '.clavain/intercore.db');
      legacyDb(path, from, { crash: true });
      // Read the expected rows the way ic will see them (WAL included), read-only.
      const probe = new Database(path, { readonly: true });
      const before = oldRows(probe);
      probe.close();

      const first = runIcProcess(['init', '--json'], dir);
      expect(first.code, first.stderr).toBe(0);
      const report = JSON.parse(first.stdout) as { migrated_from: number; version: number; backup?: string };
      expect(report).toMatchObject({ migrated_from: from, version: SCHEMA_VERSION });
      expect(backups(dir)).toHaveLength(1);
      expect(report.backup).toBe(`.clavain/${backups(dir)[0]}`);

      const db = new Database(path);
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(oldRows(db, before)).toEqual(before);
      expect(shape(db)).toEqual(withForeign(currentShape(), before));
      // Tables that arrived after `from` start empty (authorizations: but for the marker rows).
      for (const t of Object.keys(oldRows(db)).filter((t) => !(t in before)))
        expect(db.prepare(`SELECT count(*) FROM ${t}`).pluck().get()).toBe(t === 'authorizations' ? 3 : 0);
      const afterFirst = snapshot(db);
      db.close();

      const backup = new Database(join(dir, '.clavain', backups(dir)[0]!), { readonly: true });
      expect(backup.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(backup.pragma('user_version', { simple: true })).toBe(from);
      expect(oldRows(backup)).toEqual(before);
      backup.close();

      expect(runIcProcess(['init'], dir)).toEqual({ code: 0, stdout: 'initialized .clavain/intercore.db (schema v39)\n', stderr: '' });
      expect(backups(dir)).toHaveLength(1);
      const again = new Database(path, { readonly: true });
      expect(snapshot(again)).toBe(afterFirst);
      again.close();
      // And the migrated database works.
      expect(runIcProcess(['state', 'get', 'k1', 's1'], dir)).toEqual({
        code: 0,
        stdout: JSON.stringify({ i: 1, text: 'é🙂\t"1' }) + '\n',
        stderr: '',
      });
    });
  }
});

describe('concurrent ic init', () => {
  for (const from of EARLIER) {
    it(`four at once on v${from}: all exit 0, exactly one migrates, one backup`, async () => {
      const dir = tempDir();
      const path = join(dir, '.clavain/intercore.db');
      legacyDb(path, from, { crash: from === 3 });
      const probe = new Database(path, { readonly: true });
      const before = oldRows(probe);
      probe.close();
      const results = await runAll(
        Array.from({ length: 4 }, () => ({ args: ['init', '--json'] })),
        dir,
      );
      for (const r of results) expect(r, r.stderr).toMatchObject({ code: 0, stderr: '' });
      const reports = results.map((r) => JSON.parse(r.stdout) as { migrated_from: number; version: number });
      expect(reports.every((r) => r.version === SCHEMA_VERSION)).toBe(true);
      expect(reports.filter((r) => r.migrated_from === from)).toHaveLength(1);
      expect(reports.filter((r) => r.migrated_from === SCHEMA_VERSION)).toHaveLength(3);
      expect(backups(dir)).toHaveLength(1);
      const db = new Database(path, { readonly: true });
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
      expect(oldRows(db, before)).toEqual(before);
      db.close();
    });
  }

  // The switch into WAL mode of a brand-new file used to lose the race about
  // one time in ten (SQLITE_BUSY without the busy handler): IC_STRESS=1 runs
  // 20 rounds, which would have caught it nine times in ten.
  const FRESH_ROUNDS = loops(5, 20);
  it(`two at once on a fresh directory, ${FRESH_ROUNDS} times: both exit 0, schema v39, no backup`, async () => {
    for (let round = 0; round < FRESH_ROUNDS; round++) {
      const dir = tempDir();
      const results = await runAll([{ args: ['init'] }, { args: ['init'] }], dir);
      for (const r of results) expect(r).toEqual({ code: 0, stdout: 'initialized .clavain/intercore.db (schema v39)\n', stderr: '' });
      expect(backups(dir)).toEqual([]);
    }
  }, 60_000);
});

describe('ic init SIGKILLed mid-migration', () => {
  it('leaves the old schema or the new with every row, never a mix; every backup left behind is complete', async () => {
    // Databases of every earlier version in turn, each init killed at a random moment, until KILLS have been
    // killed (a loaded machine finishes some before their kill lands): two rounds of each version at least
    // (nine and 50 kills under IC_STRESS=1).
    const KILLS = loops(KILLED.length, 50);
    const MIN_ROUNDS = KILLED.length * loops(2, 9);
    const MAX_ROUNDS = KILLED.length * 40;
    let kills = 0;
    let migratedByKilled = 0;
    const typical = new Map<number, number>();
    for (const from of KILLED) {
      // How long one real migration of such a database takes here, unkilled.
      const warm = tempDir();
      legacyDb(join(warm, '.clavain/intercore.db'), from, { bulkBytes: 3_000_000 });
      const started = Date.now();
      expect(runIcProcess(['init'], warm).code).toBe(0);
      typical.set(from, Date.now() - started);
    }
    let rounds = 0;
    for (; rounds < MAX_ROUNDS && (rounds < MIN_ROUNDS || kills < KILLS); rounds++) {
      const from = KILLED[rounds % KILLED.length]!;
      const round = Math.floor(rounds / KILLED.length);
      {
        const dir = tempDir();
        const path = join(dir, '.clavain/intercore.db');
        legacyDb(path, from, { crash: true, bulkBytes: 3_000_000 });
        const probe = new Database(path, { readonly: true });
        const before = oldRows(probe);
        const oldShape = shape(probe);
        probe.close();
        const [outcome] = await killLoop([{ args: ['init'] }], dir, {
          seed: 100 + from * 31 + round,
          parallel: 1,
          typicalMs: typical.get(from)!,
          spare: 0,
          spread: 0.9,
        });
        if (outcome!.killed) kills++;
        const db = new Database(path);
        expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
        const version = db.pragma('user_version', { simple: true }) as number;
        expect([from, SCHEMA_VERSION]).toContain(version);
        if (outcome!.killed && version === SCHEMA_VERSION) migratedByKilled++;
        // The version says what the tables are: all of the new schema, or exactly the old one.
        expect(shape(db), `v${from} round ${round}: tables do not match user_version ${version}`).toEqual(
          version === SCHEMA_VERSION ? withForeign(currentShape(), before) : oldShape,
        );
        expect(oldRows(db, before)).toEqual(before);
        db.close();
        for (const name of backups(dir)) {
          const b = new Database(join(dir, '.clavain', name), { readonly: true });
          expect(b.pragma('integrity_check', { simple: true }), `${name} is damaged`).toBe('ok');
          expect(oldRows(b), `${name} is incomplete`).toEqual(before);
          b.close();
        }
        // Finishing the job works, and keeps everything.
        expect(runIcProcess(['init'], dir)).toMatchObject({ code: 0, stderr: '' });
        const done = new Database(path, { readonly: true });
        expect(done.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
        expect(oldRows(done, before)).toEqual(before);
        done.close();
      }
    }
    console.log(`crash: ic init: ${rounds} migrations, ${kills} killed by SIGKILL (${migratedByKilled} of those after the commit)`);
    expect(kills).toBeGreaterThanOrEqual(KILLS);
  }, 600_000);
});
