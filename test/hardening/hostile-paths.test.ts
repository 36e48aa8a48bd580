// Hostile paths and files, against the built ./bin/ic (the binary hooks run):
// --db tricks, @file tricks, files that are not SQLite or are damaged, a
// newer schema, a read-only directory. Each is exit 2 with one clear line,
// nothing is created or changed outside the working directory, and the files
// ic creates are private (0600 files, 0700 directories) whatever the umask.
import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  symlinkSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { SCHEMA_VERSION } from '../../generated/db/migrations';
import { BIN, project, runIcProcess, tempDir, type IcResult } from '../helpers';
import { expectWellFormed, loops, snapshot } from './common';
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
      ['dir.db', /cannot open database dir\.db: it is a directory, not a database file/],
    ];
    // Each path with init (the command that creates) and one of the others in
    // turn, so every command meets several paths; IC_STRESS=1: every command
    // with every path.
    const others = [['state', 'set', 'k', 's'], ['sentinel', 'check', 'a', 'b', '--interval=0'], ['health'], ['version']];
    const perPath = loops(1, others.length);
    for (const [i, [path, why]] of cases.entries()) {
      for (const args of [['init'], ...Array.from({ length: perPath }, (_, j) => others[(i + j) % others.length]!)]) {
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
    expect(runIcProcess(['version'], p.dir)).toEqual({ code: 0, stdout: `ic 0.6.0\nschema: v${SCHEMA_VERSION + 1}\n`, stderr: '' });
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

// Issue 18 class 8: what SQLite calls the failure is not what the user must
// fix. Each message names the real cause and what to do.
describe.skipIf(!asRoot)('misleading database errors name the real cause (run as nobody where it matters)', () => {
  const NOBODY = 'nobody (uid 65534)';

  /** A snapshot through a connection closed at once: no -shm stays behind. */
  function snapshotClosed(path: string): string {
    const db = new Database(path);
    try {
      return snapshot(db);
    } finally {
      db.close();
    }
  }

  /** A project whose database and .clavain belong to nobody, so nobody can use it normally. */
  async function nobodysProject() {
    const p = await project();
    await p.ic(['state', 'set', 'k', 's'], { stdin: '{"v":1}' });
    chmodSync(p.dir, 0o755);
    execFileSync('chown', ['-R', '65534:65534', join(p.dir, '.clavain')]);
    return p;
  }

  it('a read-only directory without -shm: reads and writes say WAL needs a writable directory (was: "cannot be written" for reads)', async () => {
    const p = await nobodysProject();
    const before = snapshotClosed(p.dbPath);
    execFileSync('chown', ['-R', '0:0', join(p.dir, '.clavain')]);
    chmodSync(join(p.dir, '.clavain'), 0o755);
    chmodSync(p.dbPath, 0o644);
    expect(existsSync(`${p.dbPath}-shm`)).toBe(false);
    for (const args of [
      ['state', 'get', 'k', 's'],
      ['run', 'list'],
      ['state', 'set', 'k', 's'],
    ]) {
      expectRefused(
        runReadOnly(args, p.dir, '{"v":2}'),
        args.join(' '),
        new RegExp(
          `^ic: ${args.slice(0, 2).join(' ')}: database is read-only and WAL needs a writable directory or -shm file: ` +
            `nobody \\(uid 65534\\) cannot create intercore\\.db-shm in \\.clavain \\(owned by root \\(uid 0\\), mode 0755\\); ` +
            `run ic as the owner of \\.clavain, or make it writable\\n$`,
        ),
      );
    }
    expect(snapshot(p.db())).toBe(before);
  });

  it('a 0444 database in a writable directory: reads work, writes say the file is read-only and what to do', async () => {
    const p = await nobodysProject();
    execFileSync('chown', ['0:0', p.dbPath]);
    chmodSync(p.dbPath, 0o444);
    expect(runReadOnly(['state', 'get', 'k', 's'], p.dir)).toEqual({ code: 0, stdout: '{"v":1}\n', stderr: '' });
    expect(runReadOnly(['run', 'list'], p.dir)).toEqual({ code: 0, stdout: '', stderr: '' });
    const r = runReadOnly(['--verbose', 'state', 'set', 'k', 's'], p.dir, '{"v":2}');
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr:
        `ic: state set: database is read-only: .clavain/intercore.db is owned by root (uid 0), mode 0444, not writable by ${NOBODY}; ` +
        `make it writable (chmod u+w) or run ic as its owner [SQLITE_READONLY, database ${p.dbPath}]\n`,
    });
    chmodSync(p.dbPath, 0o644);
    expect(p.db().prepare("SELECT payload FROM state WHERE key = 'k'").pluck().get()).toBe('{"v":1}');
  });

  it('a -shm owned by another user: names the -shm and its owner (was: blamed on the directory)', async () => {
    const p = await nobodysProject();
    const before = snapshot(p.db());
    // A connection of root's keeps the -shm; root then owns it, as when root ran a hook first.
    const holder = new Database(p.dbPath);
    holder.prepare('SELECT 1').get();
    execFileSync('chown', ['0:0', `${p.dbPath}-shm`]);
    chmodSync(`${p.dbPath}-shm`, 0o600);
    const shm = `\\.clavain/intercore\\.db-shm belongs to root \\(uid 0\\) with mode 0600, so nobody \\(uid 65534\\) cannot write it; run ic as root \\(uid 0\\), or chown intercore\\.db-shm to the database's owner`;
    try {
      for (const args of [['state', 'get', 'k', 's'], ['state', 'set', 'k', 's'], ['health']]) {
        expectRefused(runReadOnly(args, p.dir, '{"v":2}'), args.join(' '), new RegExp(`^ic: ${args.slice(0, 2).join(' ')}: ${shm}\\n$`));
      }
      // Readable but not writable: reads work, writes name the -shm.
      chmodSync(`${p.dbPath}-shm`, 0o644);
      expect(runReadOnly(['state', 'get', 'k', 's'], p.dir)).toEqual({ code: 0, stdout: '{"v":1}\n', stderr: '' });
      expectRefused(
        runReadOnly(['state', 'set', 'k', 's'], p.dir, '{}'),
        'set',
        new RegExp(`^ic: state set: ${shm.replace('0600', '0644')}\\n$`),
      );
    } finally {
      holder.close();
    }
    expect(snapshot(p.db())).toBe(before);
  });

  it('a leftover 0444 -shm of its own user: chmod it or remove it, not "run ic as" the user it already is (issue 32)', async () => {
    const p = await nobodysProject();
    const holder = new Database(p.dbPath);
    holder.prepare('SELECT 1').get();
    execFileSync('chown', ['65534:65534', `${p.dbPath}-shm`]);
    chmodSync(`${p.dbPath}-shm`, 0o444);
    try {
      expectRefused(
        runReadOnly(['state', 'set', 'k', 's'], p.dir, '{}'),
        'set',
        new RegExp(
          `^ic: state set: \\.clavain/intercore\\.db-shm has mode 0444: nobody \\(uid 65534\\), its owner, cannot write it; ` +
            `chmod u\\+rw intercore\\.db-shm, or remove it while no ic uses the database \\(SQLite makes a new one\\)\\n$`,
        ),
      );
    } finally {
      holder.close();
    }
  });

  it('a database nobody cannot read: says so, with the owner and mode', async () => {
    const p = await nobodysProject();
    execFileSync('chown', ['0:0', p.dbPath]);
    chmodSync(p.dbPath, 0o600);
    expect(runReadOnly(['state', 'get', 'k', 's'], p.dir)).toEqual({
      code: 2,
      stdout: '',
      stderr: `ic: state get: cannot open database .clavain/intercore.db: .clavain/intercore.db is owned by root (uid 0), mode 0600, not readable by ${NOBODY}; run ic as its owner, or make it readable\n`,
    });
  });

  it('a full disk: "disk full ... free some space", not a shared-memory I/O error (SQLITE_IOERR_SHMSIZE, SQLITE_FULL)', async () => {
    const dir = tempDir();
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', dir]);
    try {
      expect(runIcProcess(['init'], dir).code).toBe(0);
      expect(runIcProcess(['state', 'set', 'k', 's'], dir, '{"v":1}').code).toBe(0);
      const fill = () => spawnSync('dd', ['if=/dev/zero', `of=${join(dir, 'fill')}`, 'bs=4k'], { encoding: 'utf8' });
      const full = (path: string) =>
        new RegExp(
          `^ic: ${path}: disk full: no space left on the file system holding \\.clavain/intercore\\.db \\(0 KiB left\\); free some space and retry`,
        );
      // No -shm yet: SQLite cannot grow one (SQLITE_IOERR_SHMSIZE), for reads and writes alike.
      fill();
      for (const args of [
        ['state', 'set', 'k', 't'],
        ['state', 'get', 'k', 's'],
        ['run', 'list'],
      ]) {
        const r = runIcProcess(['--verbose', ...args], dir, '{"v":2}');
        expectRefused(r, args.join(' '), full(args.slice(0, 2).join(' ')));
        expect(r.stderr).toMatch(/ \[SQLITE_IOERR_SHMSIZE, database .*\/\.clavain\/intercore\.db\]\n$/);
      }
      // With the -shm held open by another connection, the WAL cannot grow (SQLITE_FULL).
      rmSync(join(dir, 'fill'));
      const holder = new Database(join(dir, '.clavain/intercore.db'));
      try {
        holder.prepare('SELECT 1').get();
        fill();
        const r = runIcProcess(['--verbose', 'state', 'set', 'k', 'big'], dir, JSON.stringify({ pad: 'x'.repeat(8000) }));
        expectRefused(r, 'set with the -shm held', full('state set'));
        expect(r.stderr).toMatch(/ \[SQLITE_FULL, database .*\]\n$/);
      } finally {
        holder.close();
      }
      // init of a new database on the full disk.
      mkdirSync(join(dir, 'sub'));
      expectRefused(
        runIcProcess(['--db=x/y.db', 'init'], join(dir, 'sub')),
        'init',
        /^ic: init: disk full: no space left on the file system holding x\/y\.db/,
      );
    } finally {
      execFileSync('umount', ['-l', dir]);
    }
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

// Issue 18 class 9: paths.
describe('database discovery through a symbolic link (the rule --db follows)', () => {
  it('a linked .clavain or intercore.db found walking up: exit 2 naming the link, nothing written through it', async () => {
    const dir = tempDir();
    const outside = tempDir();
    // A real database outside, reached through a link from the project.
    expect(runIcProcess(['init'], outside).code).toBe(0);
    const victim = join(outside, '.clavain/intercore.db');
    const victimBefore = snapshot(new Database(victim, { readonly: true }));
    mkdirSync(join(dir, 'proj/sub'), { recursive: true });
    symlinkSync(join(outside, '.clavain'), join(dir, 'proj/.clavain'));
    const esc = (text: string) => text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
    const link = `${dir}/proj/.clavain`;
    const linkedDir = (path: string) =>
      new RegExp(
        `^ic: ${path}: database ${esc(link)}/intercore\\.db: ${esc(link)} is a symbolic link \\(to ${esc(outside)}/\\.clavain\\); ` +
          `ic follows no link to its database, as with --db: make ${esc(link)} a real directory\\n$`,
      );
    for (const args of [['state', 'set', 'k', 's'], ['state', 'get', 'k', 's'], ['version'], ['init'], ['run', 'list']]) {
      expectRefused(runIcProcess(args, join(dir, 'proj/sub'), '{}'), args.join(' '), linkedDir(args.slice(0, 2).join(' ')));
    }
    // The database file itself a link, in a real .clavain.
    rmSync(join(dir, 'proj/.clavain'));
    mkdirSync(join(dir, 'proj/.clavain'));
    symlinkSync(victim, join(dir, 'proj/.clavain/intercore.db'));
    expectRefused(
      runIcProcess(['state', 'set', 'k', 's'], join(dir, 'proj'), '{}'),
      'linked file',
      /^ic: state set: database \.clavain\/intercore\.db: \.clavain\/intercore\.db is a symbolic link \(to .*\); .*make \.clavain\/intercore\.db a real file\n$/,
    );
    // init through a dangling linked .clavain in the working directory would create outside.
    rmSync(join(dir, 'proj/.clavain'), { recursive: true });
    symlinkSync(join(outside, 'nothing'), join(dir, 'proj/.clavain'));
    expectRefused(
      runIcProcess(['init'], join(dir, 'proj')),
      'init via a dangling link',
      /^ic: init: database \.clavain\/intercore\.db: \.clavain is a symbolic link/,
    );
    expect(existsSync(join(outside, 'nothing'))).toBe(false);
    expect(snapshot(new Database(victim, { readonly: true }))).toBe(victimBefore);
    // A linked .clavain with no database is passed by: the walk goes on up.
    rmSync(join(dir, 'proj/.clavain'));
    mkdirSync(join(outside, 'empty'));
    symlinkSync(join(outside, 'empty'), join(dir, 'proj/sub/.clavain'));
    mkdirSync(join(dir, 'proj/.clavain'));
    expect(runIcProcess(['init'], join(dir, 'proj')).code).toBe(0);
    expect(runIcProcess(['state', 'set', 'k', 's'], join(dir, 'proj/sub'), '{"ok":1}')).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(runIcProcess(['state', 'get', 'k', 's'], join(dir, 'proj'))).toEqual({ code: 0, stdout: '{"ok":1}\n', stderr: '' });
  });
});

describe('closed or unwritable stdout (child processes)', () => {
  const sh = (script: string, cwd: string) =>
    spawnSync('sh', ['-c', script, 'sh', process.execPath, BIN], { cwd, encoding: 'utf8', timeout: 20_000 });

  it('fd 1 that cannot be written (EBADF: open for reading only): exit 2, one line', async () => {
    const p = await project();
    await p.ic(['run', 'create', '--goal=g']);
    for (const args of ['version', 'run list', 'health']) {
      const r = sh(`exec "$1" "$2" ${args} 1</dev/null`, p.dir);
      expect({ code: r.status, stdout: r.stdout, stderr: r.stderr }, args).toEqual({
        code: 2,
        stdout: '',
        stderr: 'ic: cannot write output: EBADF: bad file descriptor, write\n',
      });
    }
  });

  it('fd 1 closed (>&-): Node reopens it on /dev/null before ic runs, so the output is discarded as with >/dev/null', async () => {
    // Node's start-up (PlatformInit) replaces a closed fd 0-2 with /dev/null
    // opened O_RDWR, before any JavaScript runs; ic then cannot tell `>&-`
    // from a parent that discards its output on purpose (Node's stdio
    // 'ignore', Python's DEVNULL, Go's nil Stdout open /dev/null O_RDWR too).
    // Exiting 2 there would break those callers, so this pins what happens.
    const p = await project();
    const probe = sh(
      `exec "$1" -e 'const fs = require("fs"); fs.writeSync(2, fs.readlinkSync("/proc/self/fd/1") + " " + fs.readFileSync("/proc/self/fdinfo/1", "utf8").match(/flags:\\s*(\\d+)/)[1].slice(-1))' >&-`,
      p.dir,
    );
    expect(probe.stderr).toBe('/dev/null 2'); // O_RDWR
    const r = sh(`exec "$1" "$2" version >&-`, p.dir);
    expect({ code: r.status, stderr: r.stderr }).toEqual({ code: 0, stderr: '' });
  });

  it('a reader that went away (ic run list | head -1): silent, the exit code of ic stays 0', async () => {
    const p = await project();
    const insert = p.db().prepare("INSERT INTO runs (id, project_dir, goal) VALUES (?, '/p', ?)");
    for (let i = 0; i < 3000; i++) insert.run(`r${String(i).padStart(7, '0')}`, 'g'.repeat(100));
    // ic's exit status (PIPESTATUS[0]), then whatever it wrote on stderr: nothing.
    const r = spawnSync(
      'bash',
      ['-c', `"$1" "$2" run list 2>err | head -1 >/dev/null; echo "\${PIPESTATUS[0]}"; cat err`, 'bash', process.execPath, BIN],
      {
        cwd: p.dir,
        encoding: 'utf8',
      },
    );
    expect(r.stdout).toBe('0\n');
  });
});

describe('dispatch spawn paths (AGENTS.md "Paths ic accepts")', () => {
  it('refuses a project that is no directory, a prompt that is no readable regular file, an output that is a link, a directory or in no directory', async () => {
    const p = await project();
    const outside = tempDir();
    writeFileSync(join(outside, 'target.md'), 'untouched');
    writeFileSync(join(p.dir, 'prompt.md'), 'review\n');
    writeFileSync(join(p.dir, 'file.txt'), 'x');
    mkdirSync(join(p.dir, 'adir'));
    execFileSync('mkfifo', [join(p.dir, 'pipe')]);
    symlinkSync(join(outside, 'target.md'), join(p.dir, 'link.md'));
    symlinkSync(join(outside, 'nothing.md'), join(p.dir, 'dangling.md'));
    const script = join(p.dir, 'agent.sh');
    writeFileSync(script, '#!/bin/sh\nexit 0\n');
    chmodSync(script, 0o755);
    const cases: [string[], string][] = [
      [['--project=nope'], '--project nope: no such file or directory'],
      [['--project=file.txt'], '--project file.txt: not a directory'],
      [['--prompt-file=nope.md'], '--prompt-file nope.md: no such file or directory'],
      [['--prompt-file=adir'], '--prompt-file adir: not a regular file'],
      // Was: a FIFO hung spawn for ever (reading it to hash the prompt).
      [['--prompt-file=pipe'], '--prompt-file pipe: not a regular file'],
      [['--prompt-file=/dev/zero'], '--prompt-file /dev/zero: not a regular file'],
      [['--output=nodir/out.md'], '--output nodir/out.md: its directory nodir does not exist'],
      [['--output=file.txt/out.md'], '--output file.txt/out.md: file.txt is not a directory'],
      [['--output=link.md'], '--output link.md: is a symbolic link (the agent would write where it points)'],
      [['--output=dangling.md'], '--output dangling.md: is a symbolic link (the agent would write where it points)'],
      [['--output=adir'], '--output adir: is a directory'],
      [['--output=pipe'], '--output pipe: exists and is not a regular file'],
    ];
    for (const [flags, message] of cases) {
      const args = ['dispatch', 'spawn', `--dispatch-sh=${script}`, '--prompt-file=prompt.md', ...flags];
      const r = spawnSync(process.execPath, [BIN, ...args], { cwd: p.dir, encoding: 'utf8', timeout: 20_000 });
      expect(r.signal, `${flags.join(' ')} hung`).toBeNull();
      expect({ code: r.status, stdout: r.stdout, stderr: r.stderr }, flags.join(' ')).toEqual({
        code: 2,
        stdout: '',
        stderr: `ic: dispatch spawn: ${message}\n`,
      });
    }
    expect(p.db().prepare('SELECT count(*) FROM dispatches').pluck().get()).toBe(0);
    expect(readFileSync(join(outside, 'target.md'), 'utf8')).toBe('untouched');
    expect(readdirSync(outside)).toEqual(['target.md']);
  });

  it.skipIf(!asRoot)('a prompt file the caller cannot read: exit 2 before any row (run as nobody)', async () => {
    const p = await project();
    execFileSync('chown', ['-R', '65534:65534', p.dir]);
    writeFileSync(join(p.dir, 'secret.md'), 'x');
    chmodSync(join(p.dir, 'secret.md'), 0o600); // root's
    expect(runReadOnly(['dispatch', 'spawn', '--prompt-file=secret.md'], p.dir)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ic: dispatch spawn: --prompt-file secret.md: cannot be read: permission denied\n',
    });
    expect(p.db().prepare('SELECT count(*) FROM dispatches').pluck().get()).toBe(0);
  });
});
