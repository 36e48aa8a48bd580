// Issue 31, class 1: a long-lived process whose database is moved, replaced
// or deleted under it. `events tail --follow --consumer` saves its cursor
// after every batch; once the path names another file (or none), it must
// stop before writing (exit 2, one line) instead of writing through the old
// -wal into a database that is no longer its own, and a follower of a
// deleted database must end instead of polling a dead file for ever.
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, renameSync, rmSync } from 'node:fs';
import { PROGRAM } from '../../generated/cli';
import { SCHEMA_VERSION } from '../../generated/db/migrations';
import { describe, expect, it } from 'vitest';
import { BIN, type Project, project } from '../helpers';

interface Follower {
  child: ChildProcess;
  /** Resolves once stdout holds at least n lines. */
  lines(n: number): Promise<void>;
  /** Resolves with the exit code and stderr once it has exited. */
  closed: Promise<{ code: number | null; stderr: string }>;
}

/** `events tail --all --follow --consumer=c`, polling every `poll`. */
function follow(p: Project, poll = '20ms'): Follower {
  const child = spawn(process.execPath, [BIN, 'events', 'tail', '--all', '--follow', '--consumer=c', `--poll-interval=${poll}`], {
    cwd: p.dir,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const waiting: { n: number; done: () => void }[] = [];
  child.stdout!.on('data', (d) => {
    out += d;
    const have = out.split('\n').length - 1;
    for (const w of waiting.filter((w) => w.n <= have)) w.done();
  });
  child.stderr!.on('data', (d) => (err += d));
  const closed = new Promise<{ code: number | null; stderr: string }>((done) => child.on('close', (code) => done({ code, stderr: err })));
  return {
    child,
    lines: (n) =>
      new Promise<void>((done) => {
        if (out.split('\n').length - 1 >= n) done();
        else waiting.push({ n, done });
      }),
    closed,
  };
}

/** Ends the follower if a test failed before it did. */
async function ended(f: Follower, withinMs = 20_000) {
  const timer = setTimeout(() => f.child.kill('SIGKILL'), withinMs);
  const result = await f.closed;
  clearTimeout(timer);
  return result;
}

function advanceEvent(p: Project, run = 'run00001') {
  const db = p.db();
  db.prepare("INSERT OR IGNORE INTO runs (id, project_dir, goal) VALUES (?, '/p', 'g')").run(run);
  db.prepare("INSERT INTO phase_events (run_id, from_phase, to_phase, created_at) VALUES (?, 'a', 'b', unixepoch())").run(run);
  db.close();
}

const sqlite = (db: string, sql: string) => spawnSync('sqlite3', [db, sql], { encoding: 'utf8' });
const hasSqlite3 = spawnSync('sqlite3', ['-version']).status === 0;

describe('a follower whose database is no longer its own stops before writing (exit 2, one line)', () => {
  it('replaced by mv (with its -wal and -shm): the new database, its -wal included, is left intact and gets no cursor', async () => {
    const p = await project();
    advanceEvent(p);
    // Polling slowly, so that it usually looks again only once the new database is in place.
    const f = follow(p, '1s');
    await f.lines(1); // read and saved its cursor: the database is open, the -wal too
    // The database moved aside (its -wal and -shm with it, as a WAL must be), another put in its place,
    // with a -wal of its own that holds a committed transaction (a connection keeps it open).
    for (const suffix of ['', '-wal', '-shm'])
      if (existsSync(p.dbPath + suffix)) renameSync(p.dbPath + suffix, `${p.dbPath}.aside${suffix}`);
    const other = await project();
    advanceEvent(other, 'run00009');
    for (const suffix of ['', '-wal', '-shm']) if (existsSync(other.dbPath + suffix)) renameSync(other.dbPath + suffix, p.dbPath + suffix);
    const holder = p.db();
    holder.pragma('wal_autocheckpoint = 0');
    holder.prepare("INSERT INTO state (key, scope_id, payload) VALUES ('only', 'in-wal', '1')").run();
    // Moved aside, then replaced: the follower may look in between (either is the truth of that moment).
    const r = await ended(f);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(
      /^ic: events tail: database \.clavain\/intercore\.db( was replaced| was removed|: its -wal was removed or replaced) while ic had it open[^\n]*\n$/,
    );
    // The follower left the new -wal where it was (closing its connection would have deleted it by name).
    expect(existsSync(`${p.dbPath}-wal`)).toBe(true);
    expect(await p.ic(['state', 'get', 'only', 'in-wal'])).toEqual({ code: 0, stdout: '1\n', stderr: '' });
    expect((await p.ic(['health'])).code).toBe(0);
    expect((await p.ic(['events', 'cursor', 'list'])).stdout).toBe('');
    expect((await p.ic(['events', 'tail', '--all'])).stdout).toMatch(/^\{"id":1,"run_id":"run00009"[^\n]*\n$/);
    if (hasSqlite3) expect(sqlite(p.dbPath, 'PRAGMA integrity_check').stdout).toBe('ok\n');
  });

  it('deleted and made anew by ic init: no write reaches the new one, which reads back at the current schema', async () => {
    const p = await project();
    advanceEvent(p);
    const f = follow(p);
    await f.lines(1);
    for (const suffix of ['', '-wal', '-shm']) rmSync(p.dbPath + suffix, { force: true });
    expect((await p.ic(['init'])).code).toBe(0);
    advanceEvent(p); // a batch for the follower, were it still writing
    expect((await p.ic(['state', 'set', 'k', 's'], { stdin: '{"kept":true}' })).code).toBe(0);
    const r = await ended(f);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^ic: events tail: database \.clavain\/intercore\.db was (replaced|removed) while ic had it open[^\n]*\n$/);
    expect(await p.ic(['state', 'get', 'k', 's'])).toEqual({ code: 0, stdout: '{"kept":true}\n', stderr: '' });
    expect(await p.ic(['version'])).toMatchObject({ code: 0, stdout: `ic ${PROGRAM.version}\nschema: v${SCHEMA_VERSION}\n` });
    expect((await p.ic(['events', 'cursor', 'list'])).stdout).toBe('');
    if (hasSqlite3) expect(sqlite(p.dbPath, 'PRAGMA integrity_check').stdout).toBe('ok\n');
  });

  it('deleted and not made anew: --follow ends (exit 2) instead of waiting for ever', async () => {
    const p = await project();
    advanceEvent(p);
    const f = follow(p);
    await f.lines(1);
    for (const suffix of ['', '-wal', '-shm']) rmSync(p.dbPath + suffix, { force: true });
    expect(await ended(f)).toEqual({
      code: 2,
      stderr:
        'ic: events tail: database .clavain/intercore.db was removed while ic had it open; stopped before writing to it (run ic init for a new one)\n',
    });
    expect(existsSync(p.dbPath)).toBe(false);
  });
});
