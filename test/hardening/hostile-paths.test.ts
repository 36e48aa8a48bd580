// Hostile paths and files, against the built ./bin/ic (the binary hooks run):
// --db tricks, @file tricks, files that are not SQLite or are damaged, a
// newer schema, a read-only directory. Each is exit 2 with one clear line,
// nothing is created or changed outside the working directory, and the files
// ic creates are private (0600 files, 0700 directories) whatever the umask.
import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, symlinkSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../generated/db/migrations';
import { BIN, project, runIcProcess, tempDir, type IcResult } from '../helpers';
import { expectWellFormed, snapshot } from './common';
import { holdWriteLock } from './lock-holder';

function expectRefused(r: IcResult, label: string, message: RegExp): void {
  expectWellFormed(r, label);
  expect(r.code, `${label}: ${r.stderr}`).toBe(2);
  expect(r.stderr, label).toMatch(message);
}

describe('--db tricks (exit 2, nothing touched outside)', () => {
  it('.., outside, no .db, symlinks at every level, a directory, through the built binary', async () => {
    const dir = tempDir();
    const outside = tempDir();
    // A real database outside: following a link to it would write outside.
    const victim = join(outside, 'victim.db');
    new Database(victim).exec("CREATE TABLE t (x); INSERT INTO t VALUES ('untouched')").close();
    const victimBytes = readFileSync(victim);
    mkdirSync(join(dir, 'real/deep'), { recursive: true });
    mkdirSync(join(dir, 'dir.db'));
    symlinkSync(join(dir, 'real'), join(dir, 'linkdir'));
    symlinkSync(outside, join(dir, 'out'));
    symlinkSync(victim, join(dir, 'victim.db'));
    symlinkSync(join(dir, 'nothing'), join(dir, 'dangling.db'));
    const cases: [string, RegExp][] = [
      ['../x.db', /must not contain "\.\."/],
      ['real/../../x.db', /must not contain "\.\."/],
      ['real/..', /must end in \.db/],
      [join(outside, 'x.db'), /must be under the working directory/],
      ['/x.db', /must be under the working directory/],
      ['x.sqlite', /must end in \.db/],
      ['x.db.bak', /must end in \.db/],
      ['x.db/', /must end in \.db/],
      ['linkdir/x.db', /its directory is a symbolic link/],
      ['out/x.db', /its directory is a symbolic link/],
      ['out/sub/x.db', /leads outside the working directory through a symbolic link/],
      ['victim.db', /is a symbolic link/],
      ['dangling.db', /is a symbolic link/],
      ['dir.db', /cannot open database dir\.db/],
    ];
    for (const [path, why] of cases) {
      for (const args of [['init'], ['state', 'set', 'k', 's'], ['sentinel', 'check', 'a', 'b', '--interval=0'], ['health'], ['version']]) {
        const r = runIcProcess([`--db=${path}`, ...args], dir, '{}');
        expectRefused(r, `--db=${path} ${args.join(' ')}`, why);
      }
    }
    expect(readdirSync(outside).sort()).toEqual(['victim.db']);
    expect(readFileSync(victim).equals(victimBytes)).toBe(true);
    expect(readdirSync(join(dir, 'real'))).toEqual(['deep']);
    expect(existsSync(join(dir, 'nothing'))).toBe(false);
  });
});

describe('@file tricks (exit 2, nothing written)', () => {
  it('outside, via a symlinked file or directory, .., a FIFO, a directory', async () => {
    const p = await project();
    const outside = tempDir();
    writeFileSync(join(outside, 'x.json'), '{"secret":1}');
    mkdirSync(join(p.dir, 'sub'));
    symlinkSync(join(outside, 'x.json'), join(p.dir, 'sub/file-link.json'));
    symlinkSync(outside, join(p.dir, 'dir-link'));
    execFileSync('mkfifo', [join(p.dir, 'pipe.json')]);
    const before = snapshot(p.db());
    const cases: [string, RegExp][] = [
      [`@${join(outside, 'x.json')}`, /it is not under the working directory/],
      ['@../x.json', /no such file|not under the working directory/],
      ['@sub/file-link.json', /it is not under the working directory/],
      ['@dir-link/x.json', /it is not under the working directory/],
      ['@sub/../../x.json', /no such file|not under the working directory/],
      // Was: a FIFO under the working directory hung ic for ever.
      ['@pipe.json', /not a regular file/],
      ['@sub', /not a regular file/],
      ['@.', /not under the working directory|not a regular file/],
      ['@/dev/zero', /not under the working directory/],
    ];
    for (const [arg, why] of cases) {
      const r = spawnSync(process.execPath, [BIN, 'state', 'set', 'k', 's', arg], { cwd: p.dir, encoding: 'utf8', timeout: 20_000 });
      expect(r.signal, `${arg} hung`).toBeNull();
      expectRefused(
        { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr },
        arg,
        new RegExp(`^ic: state set: cannot read payload file .*(${why.source})\\n$`),
      );
    }
    expect(snapshot(p.db())).toBe(before);
    // Inside, through .. that stays inside, or an absolute path: fine.
    writeFileSync(join(p.dir, 'ok.json'), '{"ok":true}');
    expect(p.icProcess(['state', 'set', 'k', 's', '@sub/../ok.json'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(p.icProcess(['state', 'set', 'k', 't', `@${join(p.dir, 'ok.json')}`])).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});

describe('files that are not a usable database', () => {
  const commands = [
    ['init'],
    ['health'],
    ['version'],
    ['state', 'set', 'k', 's'],
    ['state', 'get', 'k', 's'],
    ['sentinel', 'check', 'a', 'b', '--interval=0'],
    ['run', 'agent', 'add', 'r1'],
  ];

  it('not SQLite: every command exit 2, and the file is left exactly as it was', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, '.clavain'));
    const path = join(dir, '.clavain/intercore.db');
    const junk = Buffer.from('GIF89a not a database '.repeat(300));
    writeFileSync(path, junk);
    for (const args of commands) {
      expectRefused(runIcProcess(args, dir, '{}'), args.join(' '), /: \.clavain\/intercore\.db is not a SQLite database\n$/);
    }
    expect(readFileSync(path).equals(junk)).toBe(true);
    expect(readdirSync(join(dir, '.clavain'))).toEqual(['intercore.db']);
  });

  it('a damaged SQLite file (truncated): exit 2, "damaged", never a raw trace', async () => {
    const p = await project();
    const db = p.db();
    const insert = db.prepare('INSERT INTO state (key, scope_id, payload) VALUES (?, ?, ?)');
    for (let i = 0; i < 300; i++) insert.run('k', `s${i}`, JSON.stringify({ pad: 'x'.repeat(200), i }));
    db.pragma('wal_checkpoint(TRUNCATE)');
    db.close();
    writeFileSync(p.dbPath, readFileSync(p.dbPath).subarray(0, 8192));
    for (const args of commands.filter((a) => a[0] !== 'version')) {
      expectRefused(runIcProcess(args, p.dir, '{}'), args.join(' '), /database is damaged or not SQLite/);
    }
  });

  it('a newer schema: every command but version exit 2 "upgrade ic", nothing changed', async () => {
    const p = await project();
    p.db().pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    const before = snapshot(p.db());
    for (const args of commands.filter((a) => a[0] !== 'version')) {
      expectRefused(
        runIcProcess(args, p.dir, '{}'),
        args.join(' '),
        new RegExp(`database schema v${SCHEMA_VERSION + 1} is newer than this ic supports \\(v${SCHEMA_VERSION}\\); upgrade ic\\n$`),
      );
    }
    expect(runIcProcess(['version'], p.dir)).toEqual({ code: 0, stdout: `ic 0.4.0\nschema: v${SCHEMA_VERSION + 1}\n`, stderr: '' });
    expect(snapshot(p.db())).toBe(before);
    expect(readdirSync(join(p.dir, '.clavain')).filter((f) => f.includes('backup'))).toEqual([]);
  });
});

// Root ignores permission bits: run ic as nobody then, in a directory it can read but not write.
const asRoot = process.getuid?.() === 0;
function runReadOnly(args: string[], cwd: string, stdin = ''): IcResult {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    input: stdin,
    encoding: 'utf8',
    ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
  });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe('a read-only directory', () => {
  it('writers exit 2 saying the database cannot be written; init cannot create; nothing changes', async () => {
    const p = await project();
    await p.ic(['state', 'set', 'k', 's'], { stdin: '{"v":1}' });
    const before = snapshot(p.db());
    const clavain = join(p.dir, '.clavain');
    chmodSync(p.dir, 0o555);
    chmodSync(clavain, 0o555);
    chmodSync(p.dbPath, 0o444);
    try {
      for (const args of [['state', 'set', 'k', 's'], ['sentinel', 'check', 'a', 'b', '--interval=0'], ['state', 'prune'], ['init']]) {
        expectRefused(runReadOnly(args, p.dir, '{"v":2}'), args.join(' '), /database|cannot/);
      }
      const fresh = join(p.dir, 'fresh');
      expect(existsSync(fresh)).toBe(false);
      expectRefused(
        runReadOnly(['--db=fresh/x.db', 'init'], p.dir),
        'init in a read-only directory',
        /^ic: init: cannot create fresh\/x\.db: /,
      );
      expect(existsSync(fresh)).toBe(false);
    } finally {
      chmodSync(p.dir, 0o700);
      chmodSync(clavain, 0o700);
      chmodSync(p.dbPath, 0o600);
    }
    expect(snapshot(p.db())).toBe(before);
  });
});

describe('what ic creates is private', () => {
  it('database 0600 (and its -wal, -shm), directories 0700, even with umask 000', async () => {
    const dir = tempDir();
    const r = spawnSync('sh', ['-c', `umask 000 && exec "${process.execPath}" "${BIN}" "$@"`, 'sh', '--db=a/b/c.db', 'init'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(r.status, r.stderr).toBe(0);
    expect(statSync(join(dir, 'a')).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'a/b')).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, 'a/b/c.db')).mode & 0o777).toBe(0o600);
    const d = spawnSync('sh', ['-c', `umask 000 && exec "${process.execPath}" "${BIN}" "$@"`, 'sh', 'init'], {
      cwd: dir,
      encoding: 'utf8',
    });
    expect(d.status, d.stderr).toBe(0);
    expect(statSync(join(dir, '.clavain')).mode & 0o777).toBe(0o700);
    expect(statSync(join(dir, '.clavain/intercore.db')).mode & 0o777).toBe(0o600);
    // While a connection is open the WAL files exist: same mode as the database.
    const holder = await holdWriteLock(join(dir, '.clavain/intercore.db'));
    try {
      for (const f of ['intercore.db-wal', 'intercore.db-shm']) expect(statSync(join(dir, '.clavain', f)).mode & 0o777, f).toBe(0o600);
    } finally {
      await holder.release();
    }
  });
});

describe('hostile stdout', () => {
  it("a reader that goes away (| head -1): no trace, the command's own exit code (was: EPIPE trace, exit 1)", async () => {
    const p = await project();
    const insert = p.db().prepare("INSERT INTO state (key, scope_id, payload) VALUES ('many', ?, '{}')");
    for (let i = 0; i < 5000; i++) insert.run(`scope-${String(i).padStart(5, '0')}`);
    const result = await new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [BIN, 'state', 'list', 'many'], { cwd: p.dir, stdio: ['ignore', 'pipe', 'pipe'] });
      child.stdout.destroy(); // close our end before ic writes
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      child.on('close', (code) => resolve({ code, stderr }));
    });
    expect(result).toEqual({ code: 0, stderr: '' });
  });

  it.skipIf(!existsSync('/dev/full'))('stdout on a full device: exit 2, one line (was: ENOSPC trace, exit 1)', async () => {
    const p = await project();
    await p.ic(['state', 'set', 'k', 's'], { stdin: '{"v":1}' });
    const r = spawnSync('sh', ['-c', `exec "${process.execPath}" "${BIN}" state get k s >/dev/full`], { cwd: p.dir, encoding: 'utf8' });
    expect({ code: r.status, stderr: r.stderr }).toEqual({
      code: 2,
      stderr: 'ic: cannot write output: ENOSPC: no space left on device, write\n',
    });
  });
});

describe('input without end', () => {
  it('stdin from /dev/zero: exit 2 after 64 MiB, not all memory (was: read for ever)', async () => {
    const p = await project();
    const r = spawnSync('sh', ['-c', `exec "${process.execPath}" "${BIN}" state set k s < /dev/zero`], {
      cwd: p.dir,
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect({ signal: r.signal, code: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({
      signal: null,
      code: 2,
      stdout: '',
      stderr: 'ic: state set: stdin is larger than 67108864 bytes\n',
    });
  });

  it('@file of 1 GiB (sparse): refused from its size, before reading', async () => {
    const p = await project();
    const big = join(p.dir, 'big.json');
    writeFileSync(big, '');
    truncateSync(big, 1024 ** 3);
    expect(p.icProcess(['state', 'set', 'k', 's', '@big.json'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ic: state set: cannot read payload file big.json: larger than 67108864 bytes\n',
    });
    expect(p.db().prepare('SELECT count(*) FROM state').pluck().get()).toBe(0);
  });
});
