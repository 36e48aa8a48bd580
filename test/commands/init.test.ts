import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../generated/db/migrations';
import { TABLES } from '../../generated/db/tables';
import { legacyDb } from '../fixtures';
import { BIN, project, runIc, tempDir } from '../helpers';

const tableNames = (db: Database.Database) =>
  (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]
  ).map((r) => r.name);

const ALL_TABLES = TABLES.map((t) => t.name).sort();

describe('init', () => {
  it('creates the directory (0700) and file (0600) and prints the contract line', async () => {
    const dir = tempDir();
    expect(await runIc(['init'], dir)).toEqual({ code: 0, stdout: 'initialized .clavain/intercore.db (schema v39)\n', stderr: '' });
    expect(statSync(join(dir, '.clavain')).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, '.clavain/intercore.db')).mode & 0o777).toBe(0o600);
    const db = new Database(join(dir, '.clavain/intercore.db'));
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(tableNames(db)).toEqual(ALL_TABLES);
    // A fresh database has the spec's column order (Go's schema.sql's): later columns stand where the spec puts them.
    const columns = (t: string) => (db.pragma(`table_info(${t})`) as { name: string }[]).map((c) => c.name);
    expect(
      columns('dispatches').slice(columns('dispatches').indexOf('output_tokens'), columns('dispatches').indexOf('created_at') + 1),
    ).toEqual(['output_tokens', 'cache_hits', 'created_at']);
    expect(columns('run_artifacts')).toEqual([
      'id',
      'run_id',
      'phase',
      'path',
      'type',
      'content_hash',
      'dispatch_id',
      'status',
      'created_at',
    ]);
    // The marker rows of Go's authorization migrations 033-035.
    expect(db.prepare('SELECT id, sig_version FROM authorizations ORDER BY id').all()).toEqual([
      { id: 'migration-033-cutover-marker', sig_version: 1 },
      { id: 'migration-034-tokens-enabled', sig_version: 1 },
      { id: 'migration-035-receipts-enabled', sig_version: 1 },
    ]);
    db.close();
    // A fresh database holds nothing worth a backup.
    expect(readdirSync(join(dir, '.clavain')).filter((f) => f.includes('backup'))).toEqual([]);
  });

  it('is a no-op the second time', async () => {
    const p = await project();
    expect(await p.ic(['init'])).toEqual({ code: 0, stdout: 'initialized .clavain/intercore.db (schema v39)\n', stderr: '' });
    expect(readdirSync(join(p.dir, '.clavain')).filter((f) => f.includes('backup'))).toEqual([]);
  });

  it('--json reports the migration', async () => {
    const dir = tempDir();
    expect(await runIc(['init', '--json'], dir)).toEqual({
      code: 0,
      stdout: '{"migrated_from":0,"path":".clavain/intercore.db","version":39}\n',
      stderr: '',
    });
  });

  for (const from of [0, 1, 2, 3, 4, 5, 6, 20, 32, 38]) {
    it(`migrates v${from} to v39, keeping rows and writing a backup`, async () => {
      const dir = tempDir();
      const path = join(dir, '.clavain/intercore.db');
      legacyDb(path, from);
      const r = await runIc(['init', '--json'], dir);
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out).toMatchObject({ migrated_from: from, version: 39 });
      expect(out.backup).toMatch(/^\.clavain\/intercore\.db\.backup-\d{8}-\d{6}$/);
      const db = new Database(path);
      expect(db.pragma('user_version', { simple: true })).toBe(39);
      expect(tableNames(db)).toEqual(ALL_TABLES);
      const payload = JSON.stringify({ i: 0, text: 'é🙂\t"0' });
      expect(db.prepare('SELECT key, payload FROM state').all()).toEqual([{ key: 'state.key 0', payload }]);
      // Old rows keep their meaning: new columns hold Go's defaults.
      if (from >= 3 && from < 6)
        expect(
          db.prepare('SELECT token_budget, budget_warn_pct, max_dispatches, budget_enforce, max_agents, goal_id FROM runs').all(),
        ).toEqual([{ token_budget: null, budget_warn_pct: 80, max_dispatches: 0, budget_enforce: 0, max_agents: 0, goal_id: null }]);
      if (from >= 2 && from < 11)
        expect(db.prepare('SELECT retry_count, spawn_depth, parent_dispatch_id, sandbox_spec FROM dispatches').all()).toEqual([
          { retry_count: 0, spawn_depth: 0, parent_dispatch_id: '', sandbox_spec: null },
        ]);
      if (from >= 4 && from < 8) expect(db.prepare('SELECT status FROM run_artifacts').all()).toEqual([{ status: 'active' }]);
      db.close();
      const backup = new Database(join(dir, out.backup), { readonly: true });
      expect(backup.pragma('user_version', { simple: true })).toBe(from);
      expect(backup.prepare('SELECT key, payload FROM state').all()).toEqual([{ key: 'state.key 0', payload }]);
      if (from >= 2) expect(backup.prepare('SELECT id FROM dispatches').all()).toEqual([{ id: 'd0000000' }]);
      backup.close();
      // Again: nothing to do.
      expect(JSON.parse((await runIc(['init', '--json'], dir)).stdout)).toEqual({
        migrated_from: 39,
        path: '.clavain/intercore.db',
        version: 39,
      });
    });
  }

  it('refuses a too-new schema (exit 2), and other commands do too', async () => {
    const p = await project();
    p.db().pragma('user_version = 99');
    expect(await p.ic(['init'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ic: init: database schema v99 is newer than this ic supports (v39); upgrade ic\n',
    });
    expect(await p.ic(['state', 'get', 'k', 's'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ic: state get: database schema v99 is newer than this ic supports (v39); upgrade ic\n',
    });
  });
});

describe('init: permissions whatever the umask (v6)', () => {
  /** ic run by sh under a given umask. */
  const underUmask = (umask: string, args: string[], cwd: string) =>
    spawnSync('sh', ['-c', `umask ${umask}; exec "$0" "$@"`, process.execPath, BIN, ...args], { cwd, encoding: 'utf8' });
  const mode = (path: string) => statSync(path).mode & 0o777;

  for (const umask of ['000', '077', '022']) {
    it(`umask ${umask}: directory 0700, database 0600, backups 0600, -wal and -shm never wider than the database`, async () => {
      const dir = tempDir();
      expect(underUmask(umask, ['init'], dir)).toMatchObject({ status: 0, stderr: '' });
      expect(mode(join(dir, '.clavain'))).toBe(0o700);
      expect(mode(join(dir, '.clavain/intercore.db'))).toBe(0o600);

      // -wal and -shm exist while a connection is open: hold one with a long dispatch wait.
      const sleeper = spawn('sleep', ['30'], { stdio: 'ignore' });
      const db = new Database(join(dir, '.clavain/intercore.db'));
      db.prepare("INSERT INTO dispatches (id, project_dir, status, pid, started_at) VALUES ('w0000001', ?, 'running', ?, unixepoch())").run(
        dir,
        sleeper.pid,
      );
      db.close();
      const waiter = spawn(
        'sh',
        ['-c', `umask ${umask}; exec "$0" "$@"`, process.execPath, BIN, 'dispatch', 'wait', 'w0000001', '--poll=50ms', '--timeout=3s'],
        { cwd: dir, stdio: 'ignore' },
      );
      try {
        const wal = join(dir, '.clavain/intercore.db-wal');
        for (let i = 0; i < 100 && !existsSync(wal); i++) await new Promise((r) => setTimeout(r, 30));
        expect(existsSync(wal)).toBe(true);
        expect(mode(wal) & ~0o600).toBe(0);
        expect(mode(`${join(dir, '.clavain/intercore.db')}-shm`) & ~0o600).toBe(0);
      } finally {
        waiter.kill('SIGKILL');
        sleeper.kill('SIGKILL');
      }

      // A backup of an older database, and a database another tool left 0644: 0600 after init.
      const old = tempDir();
      legacyDb(join(old, '.clavain/intercore.db'), 3);
      chmodSync(join(old, '.clavain/intercore.db'), 0o644);
      const r = underUmask(umask, ['init', '--json'], old);
      expect(r.status).toBe(0);
      const { backup } = JSON.parse(r.stdout) as { backup: string };
      expect(mode(join(old, backup))).toBe(0o600);
      expect(mode(join(old, '.clavain/intercore.db'))).toBe(0o600);
    });
  }

  it('an existing database directory is left as it is', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, '.clavain'), { mode: 0o755 });
    chmodSync(join(dir, '.clavain'), 0o755);
    expect((await runIc(['init'], dir)).code).toBe(0);
    expect(mode(join(dir, '.clavain'))).toBe(0o755);
  });

  it('a database file whose mode cannot be set: a warning line, still initialized', async () => {
    // Only the owner (or root) may chmod: as nobody, on a database root owns in a directory nobody may write.
    if (process.getuid?.() !== 0) return;
    const dir = tempDir();
    expect((await runIc(['init'], dir)).code).toBe(0);
    chmodSync(join(dir, '.clavain/intercore.db'), 0o666);
    chmodSync(join(dir, '.clavain'), 0o777);
    chmodSync(dir, 0o755);
    const r = spawnSync(process.execPath, [BIN, 'init'], { cwd: dir, encoding: 'utf8', uid: 65534, gid: 65534 });
    expect(r.stdout).toBe('initialized .clavain/intercore.db (schema v39)\n');
    expect(r.stderr).toMatch(/^ic: init: warning: could not set file permissions: EPERM[^\n]*\n$/);
    expect(r.status).toBe(0);
  });
});
