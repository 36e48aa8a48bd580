// Issue 31, class 6: answers that were wrong or unhelpful. Bytes that are
// not UTF-8 are refused rather than stored as other bytes; a database of
// another program is named as such, not by a raw SQLite message; a
// read-only file system is said to be one; numbers beyond what ic can hold
// exactly are refused rather than rounded.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { BIN, project, runIcProcess, tempDir } from '../helpers';
import { inPrivateTmp, isolated } from '../private-tmp';
import { snapshot } from './common';

/** The built ic with raw bytes on stdin. */
function icBytes(args: string[], cwd: string, stdin: Buffer) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, input: stdin });
  return { code: r.status, stdout: r.stdout.toString('latin1'), stderr: r.stderr.toString('utf8') };
}

const NOT_UTF8 = (source: string) =>
  `ic: state set: invalid payload: not valid UTF-8 (${source}); ic stores text as given and would give other bytes back: convert it to UTF-8, or encode binary data (base64) in the JSON\n`;

describe('a payload holding bytes that are not UTF-8', () => {
  it('is refused (exit 2, nothing stored), from stdin and from @file; valid UTF-8 comes back byte for byte', async () => {
    const p = await project();
    const before = snapshot(p.db());
    const bad = Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xc3, 0x22, 0x7d]); // {"a":"\xff\xc3"}
    expect(icBytes(['state', 'set', 'k', 's'], p.dir, bad)).toEqual({ code: 2, stdout: '', stderr: NOT_UTF8('stdin') });
    writeFileSync(join(p.dir, 'bad.json'), bad);
    expect(icBytes(['state', 'set', 'k', 's', '@bad.json'], p.dir, Buffer.alloc(0))).toEqual({
      code: 2,
      stdout: '',
      stderr: NOT_UTF8('payload file bad.json'),
    });
    expect(snapshot(p.db())).toBe(before);
    const good = Buffer.from('{"a":"é😀\u2028"}', 'utf8');
    expect(icBytes(['state', 'set', 'k', 's'], p.dir, good).code).toBe(0);
    const got = spawnSync(process.execPath, [BIN, 'state', 'get', 'k', 's'], { cwd: p.dir });
    expect(Buffer.compare(got.stdout, Buffer.concat([good, Buffer.from('\n')]))).toBe(0);
  });
});

describe('ic init over a database ic did not make', () => {
  it('a foreign state table: exit 2, one line naming the table and what it lacks, no raw SQLite message, the file unchanged', () => {
    const dir = tempDir();
    const path = join(dir, '.clavain/intercore.db');
    spawnSync('mkdir', ['-p', join(dir, '.clavain')]);
    const foreign = new Database(path);
    foreign.exec("CREATE TABLE state (key TEXT, note TEXT); INSERT INTO state VALUES ('mine', 'keep me');");
    foreign.close();
    const r = runIcProcess(['init'], dir);
    expect(r).toEqual({
      code: 2,
      stdout: '',
      stderr:
        "ic: init: cannot migrate .clavain/intercore.db: it holds tables that are not intercore's (state lacks scope_id, payload, updated_at, expires_at); nothing was changed: move the file aside (or give --db another path) and run ic init\n",
    });
    const after = new Database(path, { readonly: true });
    expect(after.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all()).toEqual(['state']);
    expect(after.prepare('SELECT * FROM state').all()).toEqual([{ key: 'mine', note: 'keep me' }]);
    expect(after.pragma('user_version', { simple: true })).toBe(0);
    after.close();
  });
});

describe('numbers beyond what ic holds exactly are refused, not rounded', () => {
  it('--since-phase past 2^53 (an id a number cannot hold) and a duration past an int64 of nanoseconds: exit 3', async () => {
    const p = await project();
    expect(await p.ic(['events', 'tail', '--all', '--since-phase=9007199254740993'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: events tail: invalid --since-phase: 9007199254740993\n',
    });
    expect((await p.ic(['events', 'tail', '--all', '--since-phase=9007199254740991'])).code).toBe(0);
    expect(await p.ic(['--timeout=9223372036854775808ns', 'state', 'get', 'k', 's'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: invalid --timeout value "9223372036854775808ns": want a duration such as 500ms, 2s, 1m30s or 1h\n',
    });
    expect((await p.ic(['--timeout=9223372036854775807ns', 'state', 'get', 'k', 's'])).code).toBe(1);
    expect((await p.ic(['lock', 'acquire', 'n', 's', '--timeout=2562047h47m16.854775808s'])).code).toBe(3);
  });
});

describe.skipIf(!isolated)('a database on a read-only file system (a private mount)', () => {
  it('is said to be on a read-only file system, not "run ic as the owner" (root owns it and is told so)', () => {
    const out = inPrivateTmp(`
mkdir /tmp/p && mount -t tmpfs tmpfs /tmp/p && cd /tmp/p || exit 97
$IC init >/dev/null && echo '{"a":1}' | $IC state set k s
mount -o remount,ro /tmp/p
$IC state get k s; echo "rc=$?"
echo '{}' | $IC state set k t; echo "rc=$?"
`);
    const line = (cmd: string) =>
      `ic: ${cmd}: database is on a read-only file system: .clavain/intercore.db cannot be written by anyone (WAL needs a -shm file it cannot create, so reads fail too); remount it read-write, or use a database elsewhere (--db)`;
    expect(out.split('\n')).toEqual(['rc=2', 'rc=2', line('state get'), line('state set'), '']);
  });
});
