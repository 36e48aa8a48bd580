import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../generated/db/migrations';
import { legacyDb } from '../fixtures';
import { BIN, project, runIc, tempDir } from '../helpers';

const tableNames = (db: Database.Database) =>
  (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]
  ).map((r) => r.name);

const ALL_TABLES = ['dispatch_events', 'dispatches', 'phase_events', 'run_agents', 'run_artifacts', 'runs', 'sentinels', 'state'];

describe('init', () => {
  it('creates the directory (0700) and file (0600) and prints the contract line', async () => {
    const dir = tempDir();
    expect(await runIc(['init'], dir)).toEqual({ code: 0, stdout: 'initialized .clavain/intercore.db (schema v6)\n', stderr: '' });
    expect(statSync(join(dir, '.clavain')).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, '.clavain/intercore.db')).mode & 0o777).toBe(0o600);
    const db = new Database(join(dir, '.clavain/intercore.db'));
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(tableNames(db)).toEqual(ALL_TABLES);
    // A fresh database has the spec's column order: the v6 columns stand where the spec puts them.
    const columns = (t: string) => (db.pragma(`table_info(${t})`) as { name: string }[]).map((c) => c.name);
    expect(
      columns('dispatches').slice(columns('dispatches').indexOf('output_tokens'), columns('dispatches').indexOf('created_at') + 1),
    ).toEqual(['output_tokens', 'cache_hits', 'created_at']);
    expect(columns('run_artifacts')).toEqual(['id', 'run_id', 'phase', 'path', 'type', 'content_hash', 'dispatch_id', 'created_at']);
    db.close();
    // A fresh database holds nothing worth a backup.
    expect(readdirSync(join(dir, '.clavain')).filter((f) => f.includes('backup'))).toEqual([]);
  });

  it('is a no-op the second time', async () => {
    const p = await project();
    expect(await p.ic(['init'])).toEqual({ code: 0, stdout: 'initialized .clavain/intercore.db (schema v6)\n', stderr: '' });
    expect(readdirSync(join(p.dir, '.clavain')).filter((f) => f.includes('backup'))).toEqual([]);
  });

  it('--json reports the migration', async () => {
    const dir = tempDir();
    expect(await runIc(['init', '--json'], dir)).toEqual({
      code: 0,
      stdout: '{"migrated_from":0,"path":".clavain/intercore.db","version":6}\n',
      stderr: '',
    });
  });

  for (const from of [0, 1, 2, 3, 4, 5]) {
    it(`migrates v${from} to v6, keeping rows and writing a backup`, async () => {
      const dir = tempDir();
      const path = join(dir, '.clavain/intercore.db');
      legacyDb(path, from);
      if (from === 0)
        new Database(path).exec(
          'CREATE TABLE IF NOT EXISTS state (key TEXT NOT NULL, scope_id TEXT NOT NULL, payload TEXT NOT NULL, updated_at INTEGER NOT NULL DEFAULT 0, expires_at INTEGER, PRIMARY KEY (key, scope_id))',
        );
      const r = await runIc(['init', '--json'], dir);
      expect(r.code).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out).toMatchObject({ migrated_from: from, version: 6 });
      expect(out.backup).toMatch(/^\.clavain\/intercore\.db\.backup-\d{8}-\d{6}$/);
      const db = new Database(path);
      expect(db.pragma('user_version', { simple: true })).toBe(6);
      expect(tableNames(db)).toEqual(ALL_TABLES);
      if (from >= 1) expect(db.prepare('SELECT key, payload FROM state').all()).toEqual([{ key: 'k', payload: '{"v":1}' }]);
      if (from >= 3) expect(db.prepare('SELECT count(*) AS n FROM phase_events').get()).toEqual({ n: 1 });
      // Old rows keep their meaning: no chain of their own (the default), no budget, warn at 80.
      if (from >= 3)
        expect(db.prepare('SELECT phases, token_budget, budget_warn_pct FROM runs').all()).toEqual([
          { phases: null, token_budget: null, budget_warn_pct: 80 },
        ]);
      if (from >= 2) expect(db.prepare('SELECT cache_hits FROM dispatches').all()).toEqual([{ cache_hits: null }]);
      if (from >= 5)
        expect(db.prepare('SELECT dispatch_id, to_status FROM dispatch_events').all()).toEqual([
          { dispatch_id: 'd1234567', to_status: 'running' },
        ]);
      db.close();
      const backup = new Database(join(dir, out.backup), { readonly: true });
      expect(backup.pragma('user_version', { simple: true })).toBe(from);
      if (from >= 1) expect(backup.prepare('SELECT key, payload FROM state').all()).toEqual([{ key: 'k', payload: '{"v":1}' }]);
      if (from >= 2) expect(backup.prepare('SELECT id FROM dispatches').all()).toEqual([{ id: 'd1234567' }]);
      backup.close();
      // Again: nothing to do.
      expect(JSON.parse((await runIc(['init', '--json'], dir)).stdout)).toEqual({
        migrated_from: 6,
        path: '.clavain/intercore.db',
        version: 6,
      });
    });
  }

  it('refuses a too-new schema (exit 2), and other commands do too', async () => {
    const p = await project();
    p.db().pragma('user_version = 99');
    expect(await p.ic(['init'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ic: init: database schema v99 is newer than this ic supports (v6); upgrade ic\n',
    });
    expect(await p.ic(['state', 'get', 'k', 's'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ic: state get: database schema v99 is newer than this ic supports (v6); upgrade ic\n',
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
    expect(r.stdout).toBe('initialized .clavain/intercore.db (schema v6)\n');
    expect(r.stderr).toMatch(/^ic: init: warning: could not set file permissions: EPERM[^\n]*\n$/);
    expect(r.status).toBe(0);
  });
});
