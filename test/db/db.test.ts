import Database from 'better-sqlite3';
import { existsSync, mkdirSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../generated/db/migrations';
import { backupName } from '../../src/db/migrate';
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

  it('names backups by local time', () => {
    expect(backupName('/x/i.db', new Date(2026, 10, 24, 9, 5, 7))).toBe('/x/i.db.backup-20261124-090507');
  });

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

describe('a missing or unmigrated database', () => {
  it('says to run ic init (exit 2) and creates nothing', async () => {
    const dir = tempDir();
    expect(await runIc(['state', 'get', 'k', 's'], dir)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ic: state get: no database at .clavain/intercore.db; run ic init\n',
    });
    expect(await runIc(['sentinel', 'check', 'a', 'b', '--interval=0'], dir)).toMatchObject({ code: 2 });
    expect(existsSync(join(dir, '.clavain'))).toBe(false);
  });

  it('an older schema says to run ic init, never "no such table"', async () => {
    const dir = tempDir();
    legacyDb(join(dir, '.clavain/intercore.db'), 3);
    expect(await runIc(['run', 'agent', 'list', 'r1234567'], dir)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ic: run agent list: database schema is v3, this ic needs v4; run ic init\n',
    });
  });

  it('a file that is not SQLite is exit 2 with a clear message', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, '.clavain'));
    writeFileSync(
      join(dir, '.clavain/intercore.db'),
      'this is not a database, just text that is long enough to fill a header page'.repeat(20),
    );
    expect(await runIc(['state', 'get', 'k', 's'], dir)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ic: state get: .clavain/intercore.db is not a SQLite database\n',
    });
  });
});

describe('version and health', () => {
  it('version with and without a database', async () => {
    const dir = tempDir();
    expect(await runIc(['version'], dir)).toEqual({ code: 0, stdout: 'ic 0.4.0\nschema: unknown (no database)\n', stderr: '' });
    expect(await runIc(['version', '--json'], dir)).toEqual({ code: 0, stdout: '{"ic":"0.4.0"}\n', stderr: '' });
    await runIc(['init'], dir);
    expect(await runIc(['version'], dir)).toEqual({ code: 0, stdout: 'ic 0.4.0\nschema: v4\n', stderr: '' });
    expect(await runIc(['version', '--json'], dir)).toEqual({ code: 0, stdout: '{"ic":"0.4.0","schema":4}\n', stderr: '' });
  });

  it('health: ok, or the reason and exit 2', async () => {
    const dir = tempDir();
    expect(await runIc(['health'], dir)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ic: health: no database at .clavain/intercore.db; run ic init\n',
    });
    await runIc(['init'], dir);
    expect(await runIc(['health'], dir)).toEqual({ code: 0, stdout: 'ok\n', stderr: '' });
    new Database(join(dir, '.clavain/intercore.db')).pragma('user_version = 3');
    expect(await runIc(['health'], dir)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ic: health: database schema is v3, this ic needs v4; run ic init\n',
    });
  });
});

describe('database path', () => {
  it('walks up to the nearest .clavain/intercore.db', async () => {
    const p = await project();
    mkdirSync(join(p.dir, 'a/b'), { recursive: true });
    await p.ic(['state', 'set', 'k', 's'], { stdin: '1', cwd: join(p.dir, 'a/b') });
    expect(p.db().prepare('SELECT payload FROM state').all()).toEqual([{ payload: '1' }]);
  });

  it('--db anywhere on the line, with = or a space', async () => {
    const dir = tempDir();
    expect(await runIc(['--db=x.db', 'init'], dir)).toEqual({ code: 0, stdout: 'initialized x.db (schema v4)\n', stderr: '' });
    expect(await runIc(['state', '--db', 'x.db', 'set', 'k', 's'], dir, '1')).toMatchObject({ code: 0 });
    expect(await runIc(['state', 'get', 'k', 's', '--db', 'x.db'], dir)).toEqual({ code: 0, stdout: '1\n', stderr: '' });
  });

  it('refuses unsafe --db paths with exit 2', async () => {
    const dir = tempDir();
    const outside = tempDir();
    mkdirSync(join(dir, 'real'));
    symlinkSync(join(dir, 'real'), join(dir, 'link'));
    symlinkSync(outside, join(dir, 'out'));
    const cases: [string, string][] = [
      ['data.sqlite', 'must end in .db'],
      ['a/../x.db', 'must not contain ".."'],
      [join(outside, 'x.db'), 'must be under the working directory'],
      ['link/x.db', 'its directory is a symbolic link'],
      ['out/sub/x.db', 'leads outside the working directory through a symbolic link'],
    ];
    for (const [path, why] of cases) {
      expect(await runIc(['--db', path, 'init'], dir)).toEqual({
        code: 2,
        stdout: '',
        stderr: `ic: init: invalid --db path "${path}": ${why}\n`,
      });
    }
    expect(readdirSync(outside)).toEqual([]);
  });
});

describe('foreign keys', () => {
  it('are enforced on every connection ic opens', async () => {
    const p = await project();
    const r = await p.ic(['run', 'agent', 'add', 'nosuchrun']);
    expect(r).toEqual({ code: 1, stdout: '', stderr: 'ic: run agent add: run not found\n' });
    expect(p.db().prepare('SELECT count(*) AS n FROM run_agents').get()).toEqual({ n: 0 });
  });
});
