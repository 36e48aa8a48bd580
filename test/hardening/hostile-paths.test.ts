// Hostile files and places, beyond the --db checks of test/db: read-only
// directories and files, a symlinked @file, a database that is not SQLite or
// is too new. Each is exit 2 with one clear line, and nothing is created.
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { project, runIc, runIcProcess, tempDir } from '../helpers';

const isRoot = process.getuid?.() === 0;

const undo: (() => void)[] = [];
// Before the helpers' afterEach deletes the temp dirs (an immutable file cannot be deleted).
afterEach(() => {
  while (undo.length) undo.pop()!();
});

/** Makes a file or directory unwritable, even for root (who ignores modes): chattr +i as root, chmod otherwise. */
function makeReadOnly(path: string): void {
  const dir = statSync(path).isDirectory();
  if (isRoot) {
    const r = spawnSync('chattr', ['+i', path]);
    if (r.status !== 0) throw new Error(`chattr +i ${path}: ${r.stderr}`);
    undo.push(() => spawnSync('chattr', ['-i', path]));
  } else {
    chmodSync(path, dir ? 0o500 : 0o400);
    undo.push(() => chmodSync(path, dir ? 0o700 : 0o600));
  }
}

describe('hostile paths and files', () => {
  it('init in a read-only directory: exit 2, says why, creates nothing', async () => {
    const dir = tempDir();
    makeReadOnly(dir);
    const r = runIcProcess(['init'], dir);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/^ic: init: cannot create \.clavain\/intercore\.db: E(PERM|ACCES)[^\n]*\n$/);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('a database whose directory is read-only: exit 2 naming the directory, reads and writes alike', async () => {
    const p = await project();
    makeReadOnly(join(p.dir, '.clavain'));
    for (const [argv, stdin] of [
      [['state', 'set', 'k', 's'], '{}'],
      [['state', 'get', 'k', 's'], ''],
      [['health'], ''],
    ] as [string[], string][]) {
      const r = runIcProcess(argv, p.dir, stdin);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(new RegExp(`^ic: ${argv[0] === 'health' ? 'health' : `state ${argv[1]}`}: cannot open the database: .*its directory must be writable.*\\n$`));
    }
  });

  it('a read-only database file: writes are exit 2 and say so; reads still work', async () => {
    const p = await project();
    await p.ic(['state', 'set', 'k', 's'], { stdin: '{"kept":1}' });
    makeReadOnly(p.dbPath);
    const r = runIcProcess(['state', 'set', 'k', 's'], p.dir, '{"new":1}');
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toMatch(/^ic: state set: database cannot be written: [^\n]+\n$/);
    expect(runIcProcess(['state', 'get', 'k', 's'], p.dir)).toEqual({ code: 0, stdout: '{"kept":1}\n', stderr: '' });
  });

  it('@file through a symlink that leads outside, and through a symlinked directory: exit 2', async () => {
    const p = await project();
    const outside = tempDir();
    writeFileSync(join(outside, 'secret.json'), '{"secret":true}');
    symlinkSync(outside, join(p.dir, 'linked-dir'));
    symlinkSync(join(outside, 'secret.json'), join(p.dir, 'linked.json'));
    for (const file of ['@linked.json', '@linked-dir/secret.json', `@${outside}/secret.json`, '@../secret.json']) {
      const r = await p.ic(['state', 'set', 'k', 's', file]);
      expect(r).toMatchObject({ code: 2, stdout: '' });
      expect(r.stderr).toMatch(/^ic: state set: cannot read payload file [^\n]+\n$/);
    }
    expect(p.db().prepare('SELECT count(*) AS n FROM state').get()).toEqual({ n: 0 });
  });

  it('--db through a symlinked parent or outside the working directory creates nothing anywhere', async () => {
    const dir = tempDir();
    const outside = tempDir();
    symlinkSync(outside, join(dir, 'elsewhere'));
    for (const db of ['elsewhere/x.db', join(outside, 'y.db'), '../z.db', 'x.sqlite']) {
      const r = await runIc(['--db', db, 'init'], dir);
      expect(r).toMatchObject({ code: 2, stdout: '' });
      expect(r.stderr).toMatch(/^ic: init: invalid --db path [^\n]+\n$/);
    }
    expect(readdirSync(outside)).toEqual([]);
  });

  it('a directory where the database should be, and a database that is not SQLite: exit 2', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, '.clavain/intercore.db'), { recursive: true });
    const r = await runIc(['state', 'get', 'k', 's'], dir);
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toMatch(/^ic: state get: [^\n]+\n$/);
    const dir2 = tempDir();
    mkdirSync(join(dir2, '.clavain'));
    writeFileSync(join(dir2, '.clavain/intercore.db'), Buffer.alloc(4096, 7));
    expect(await runIc(['init'], dir2)).toEqual({ code: 2, stdout: '', stderr: 'ic: init: .clavain/intercore.db is not a SQLite database\n' });
  });

  it('new database files are 0600 in a 0700 directory, whatever the umask', () => {
    const dir = tempDir();
    const r = spawnSync('sh', ['-c', `umask 000 && "${process.execPath}" "${join(__dirname, '../../bin/ic')}" init`], { cwd: dir, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(statSync(join(dir, '.clavain')).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, '.clavain/intercore.db')).mode & 0o777).toBe(0o600);
    expect(existsSync(join(dir, '.clavain/intercore.db'))).toBe(true);
  });
});
