// Migrations under stress: every earlier schema, twice; two ic init at once;
// the backup is a complete, readable copy of what was there before.
import Database from 'better-sqlite3';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { legacyDb } from '../fixtures';
import { runIcConcurrently, runIcProcess, tempDir } from '../helpers';

/** Every row of every table but sqlite's own. */
function contents(file: string): Record<string, unknown[]> {
  const db = new Database(file, { readonly: true });
  const tables = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[];
  const out = Object.fromEntries(tables.map(({ name }) => [name, db.prepare(`SELECT * FROM "${name}" ORDER BY rowid`).all()]));
  db.close();
  return out;
}

const backups = (dir: string) => readdirSync(join(dir, '.clavain')).filter((f) => f.startsWith('intercore.db.backup-'));

describe('migrations, hardened', () => {
  for (const from of [1, 2, 3]) {
    it(`v${from} with data: init twice migrates once; the backup holds every row as it was`, () => {
      const dir = tempDir();
      const file = join(dir, '.clavain/intercore.db');
      legacyDb(file, from);
      const before = contents(file);
      expect(runIcProcess(['init'], dir)).toEqual({ code: 0, stdout: 'initialized .clavain/intercore.db (schema v4)\n', stderr: '' });
      expect(runIcProcess(['init'], dir)).toEqual({ code: 0, stdout: 'initialized .clavain/intercore.db (schema v4)\n', stderr: '' });
      expect(backups(dir)).toHaveLength(1);
      expect(contents(join(dir, '.clavain', backups(dir)[0]!))).toEqual(before);
      const after = contents(file);
      for (const [table, rows] of Object.entries(before)) expect(after[table]).toEqual(rows);
      expect(new Database(file, { readonly: true }).pragma('integrity_check', { simple: true })).toBe('ok');
    });
  }

  it('v0 (an empty file) to v4, twice, and no backup of nothing', () => {
    const dir = tempDir();
    legacyDb(join(dir, '.clavain/intercore.db'), 0);
    expect(runIcProcess(['init'], dir).code).toBe(0);
    expect(runIcProcess(['init'], dir).code).toBe(0);
    expect(new Database(join(dir, '.clavain/intercore.db'), { readonly: true }).pragma('user_version', { simple: true })).toBe(4);
  });

  it('two ic init at once on a v3 database: both succeed, one migration, one backup', async () => {
    for (let round = 0; round < 5; round++) {
      const dir = tempDir();
      const file = join(dir, '.clavain/intercore.db');
      legacyDb(file, 3);
      const before = contents(file);
      const results = await runIcConcurrently(2, ['--json', 'init'], dir);
      expect(results.map((r) => [r.code, r.stderr])).toEqual([
        [0, ''],
        [0, ''],
      ]);
      const migratedFrom = results.map((r) => JSON.parse(r.stdout).migrated_from).sort();
      expect(migratedFrom).toEqual([3, 4]);
      expect(backups(dir)).toHaveLength(1);
      expect(contents(join(dir, '.clavain', backups(dir)[0]!))).toEqual(before);
    }
  });

  it('two ic init at once on nothing: both succeed, schema v4', async () => {
    const dir = tempDir();
    const results = await runIcConcurrently(2, ['init'], dir);
    expect(results.map((r) => [r.code, r.stdout, r.stderr])).toEqual([
      [0, 'initialized .clavain/intercore.db (schema v4)\n', ''],
      [0, 'initialized .clavain/intercore.db (schema v4)\n', ''],
    ]);
  });
});
