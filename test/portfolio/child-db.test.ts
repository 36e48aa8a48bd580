// src/portfolio/child-db.ts: the relay opens a child project's database only through a path the user alone controls.
import { chmodSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ChildDbs, unsafeChildDb } from '../../src/portfolio/child-db';
import { runIc, tempDir } from '../helpers';

async function projectWithDb(root: string, name: string): Promise<string> {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  const r = await runIc(['init', '--db=.clavain/intercore.db'], dir);
  if (r.code !== 0) throw new Error(r.stderr);
  return dir;
}

describe('portfolio child databases', () => {
  it('a database of the user, through directories only the user (or root) may change, is opened read-only', async () => {
    const root = tempDir('pf-child-');
    const dir = await projectWithDb(root, 'ok');
    expect(unsafeChildDb(dir)).toBeUndefined();
    const pool = new ChildDbs();
    const db = pool.get(dir);
    expect(typeof db).toBe('object');
    // Read-only: a write is refused by SQLite.
    expect(() => (db as { pragma(s: string): unknown }).pragma('user_version = 1')).toThrow(/readonly/);
    // Kept: the same handle next time.
    expect(pool.get(dir)).toBe(db);
    pool.close();
  });

  it('refuses a relative project, a missing database, a linked .clavain or file, a file or directory others may write', async () => {
    const root = tempDir('pf-child-');
    expect(unsafeChildDb('rel/dir')).toBe('project dir must be absolute: "rel/dir"');
    expect(unsafeChildDb(join(root, 'none'))).toBe(`${join(root, 'none/.clavain/intercore.db')}: ENOENT`);
    const real = await projectWithDb(root, 'real');
    mkdirSync(join(root, 'linkdir'));
    symlinkSync(join(real, '.clavain'), join(root, 'linkdir/.clavain'));
    expect(unsafeChildDb(join(root, 'linkdir'))).toBe(`${join(root, 'linkdir/.clavain')} is a symbolic link`);
    mkdirSync(join(root, 'linkfile/.clavain'), { recursive: true });
    symlinkSync(join(real, '.clavain/intercore.db'), join(root, 'linkfile/.clavain/intercore.db'));
    expect(unsafeChildDb(join(root, 'linkfile'))).toBe(`${join(root, 'linkfile/.clavain/intercore.db')} is a symbolic link`);
    const shared = await projectWithDb(root, 'shared');
    chmodSync(join(shared, '.clavain/intercore.db'), 0o666);
    expect(unsafeChildDb(shared)).toBe(`${join(shared, '.clavain/intercore.db')} is writable by others (mode 0666)`);
    const open = await projectWithDb(root, 'open/inner');
    chmodSync(join(root, 'open'), 0o777);
    expect(unsafeChildDb(open)).toBe(`${join(root, 'open')} is writable by others (mode 0777)`);
    // Sticky (as /tmp): others may write, not replace our entries.
    chmodSync(join(root, 'open'), 0o1777);
    expect(unsafeChildDb(open)).toBeUndefined();
    const pool = new ChildDbs();
    expect(pool.get(shared)).toBe(`${join(shared, '.clavain/intercore.db')} is writable by others (mode 0666)`);
    pool.close();
  });
});
