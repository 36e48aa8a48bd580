import Database from 'better-sqlite3';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../generated/db/migrations';
import { legacyDb } from '../fixtures';
import { project, runIc, tempDir } from '../helpers';

const tableNames = (db: Database.Database) =>
  (
    db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]
  ).map((r) => r.name);

describe('init', () => {
  it('creates the directory (0700) and file (0600) and prints the contract line', async () => {
    const dir = tempDir();
    expect(await runIc(['init'], dir)).toEqual({ code: 0, stdout: 'initialized .clavain/intercore.db (schema v4)\n', stderr: '' });
    expect(statSync(join(dir, '.clavain')).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, '.clavain/intercore.db')).mode & 0o777).toBe(0o600);
    const db = new Database(join(dir, '.clavain/intercore.db'));
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(tableNames(db)).toEqual(['dispatches', 'phase_events', 'run_agents', 'run_artifacts', 'runs', 'sentinels', 'state']);
    db.close();
    // A fresh database holds nothing worth a backup.
    expect(readdirSync(join(dir, '.clavain')).filter((f) => f.includes('backup'))).toEqual([]);
  });

  it('is a no-op the second time', async () => {
    const p = await project();
    expect(await p.ic(['init'])).toEqual({ code: 0, stdout: 'initialized .clavain/intercore.db (schema v4)\n', stderr: '' });
    expect(readdirSync(join(p.dir, '.clavain')).filter((f) => f.includes('backup'))).toEqual([]);
  });

  it('--json reports the migration', async () => {
    const dir = tempDir();
    expect(await runIc(['init', '--json'], dir)).toEqual({
      code: 0,
      stdout: '{"migrated_from":0,"path":".clavain/intercore.db","version":4}\n',
      stderr: '',
    });
  });

  for (const from of [0, 1, 2, 3]) {
    it(`migrates v${from} to v4, keeping rows and writing a backup`, async () => {
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
      expect(out).toMatchObject({ migrated_from: from, version: 4 });
      expect(out.backup).toMatch(/^\.clavain\/intercore\.db\.backup-\d{8}-\d{6}$/);
      const db = new Database(path);
      expect(db.pragma('user_version', { simple: true })).toBe(4);
      expect(tableNames(db)).toEqual(['dispatches', 'phase_events', 'run_agents', 'run_artifacts', 'runs', 'sentinels', 'state']);
      if (from >= 1) expect(db.prepare('SELECT key, payload FROM state').all()).toEqual([{ key: 'k', payload: '{"v":1}' }]);
      if (from >= 3) expect(db.prepare('SELECT count(*) AS n FROM phase_events').get()).toEqual({ n: 1 });
      db.close();
      const backup = new Database(join(dir, out.backup), { readonly: true });
      expect(backup.pragma('user_version', { simple: true })).toBe(from);
      if (from >= 1) expect(backup.prepare('SELECT key, payload FROM state').all()).toEqual([{ key: 'k', payload: '{"v":1}' }]);
      if (from >= 2) expect(backup.prepare('SELECT id FROM dispatches').all()).toEqual([{ id: 'd1234567' }]);
      backup.close();
      // Again: nothing to do.
      expect(JSON.parse((await runIc(['init', '--json'], dir)).stdout)).toEqual({
        migrated_from: 4,
        path: '.clavain/intercore.db',
        version: 4,
      });
    });
  }

  it('refuses a too-new schema (exit 2), and other commands do too', async () => {
    const p = await project();
    p.db().pragma('user_version = 99');
    expect(await p.ic(['init'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ic: init: database schema v99 is newer than this ic supports (v4); upgrade ic\n',
    });
    expect(await p.ic(['state', 'get', 'k', 's'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ic: state get: database schema v99 is newer than this ic supports (v4); upgrade ic\n',
    });
  });
});
