import { chmodSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { snapshot } from '../../hardening/common';
import { project, tempDir } from '../../helpers';
import { KEYS, expectNoKey, mode, tree } from '../../receipt/common';

const quarter = (d: Date) => `${d.getFullYear()}-q${Math.floor(d.getMonth() / 3) + 1}`;

describe('receipt keygen', () => {
  it('writes 32 random bytes 0600 in 0700 directories, makes the epoch active, and never prints the key', async () => {
    const p = await project();
    const r = await p.ic(['receipt', 'keygen', '--agent=a', '--epoch=e1']);
    expect(r).toEqual({ code: 0, stdout: 'provisioned signing key: a#e1\n', stderr: '' });
    const key = readFileSync(join(p.dir, KEYS, 'a/e1.key'));
    expect(key.length).toBe(32);
    expectNoKey(r, key);
    expect(readFileSync(join(p.dir, KEYS, 'a/active'), 'utf8')).toBe('e1');
    expect(tree(join(p.dir, '.clavain/keys')).map((l) => l.split(' ').slice(0, 2).join(' '))).toEqual([
      'receipts/ 700',
      'receipts/a/ 700',
      'receipts/a/active 600',
      'receipts/a/e1.key 600',
    ]);
    expect(mode(join(p.dir, '.clavain/keys'))).toBe(0o700);

    // A new epoch rotates: the old key stays (it verifies older receipts), the new one is active.
    const j = await p.ic(['--json', 'receipt', 'keygen', '--agent=a', '--epoch=e2']);
    expect(j).toEqual({ code: 0, stdout: '{"key_id":"a#e2"}\n', stderr: '' });
    expect(readFileSync(join(p.dir, KEYS, 'a/e1.key'))).toEqual(key);
    expect(readFileSync(join(p.dir, KEYS, 'a/active'), 'utf8')).toBe('e2');
    const key2 = readFileSync(join(p.dir, KEYS, 'a/e2.key'));
    expect(key2.length).toBe(32);
    expect(key2.equals(key)).toBe(false);
    expectNoKey(j, key2);
  });

  it('keeps an existing key of the epoch unless --force (exit 5), and --force replaces it 0600', async () => {
    const p = await project();
    await p.ic(['receipt', 'keygen', '--agent=a', '--epoch=e1']);
    await p.ic(['receipt', 'keygen', '--agent=a', '--epoch=e2']);
    const file = join(p.dir, KEYS, 'a/e1.key');
    const key = readFileSync(file);
    const before = tree(p.dir);
    const r = await p.ic(['receipt', 'keygen', '--agent=a', '--epoch=e1']);
    expect(r).toEqual({
      code: 5,
      stdout: '',
      stderr: `ic: receipt keygen: key already exists for a#e1 (rotate to a new epoch, or pass --force): ${file}\n`,
    });
    expect(tree(p.dir)).toEqual(before);
    const f = await p.ic(['receipt', 'keygen', '--agent=a', '--epoch=e1', '--force']);
    expect(f).toEqual({ code: 0, stdout: 'provisioned signing key: a#e1\n', stderr: '' });
    const replaced = readFileSync(file);
    expect(replaced.length).toBe(32);
    expect(replaced.equals(key)).toBe(false);
    expect(mode(file)).toBe(0o600);
    expect(readFileSync(join(p.dir, KEYS, 'a/active'), 'utf8')).toBe('e1');
    expectNoKey(f, replaced);
  });

  it('maps "://" in an agent id to "_", takes --keys relative to the working directory, defaults the epoch to the quarter', async () => {
    const p = await project();
    expect(await p.ic(['receipt', 'keygen', '--agent=sylveste://agent/x', '--epoch=e1', '--keys=ks'])).toEqual({
      code: 0,
      stdout: 'provisioned signing key: sylveste://agent/x#e1\n',
      stderr: '',
    });
    expect(readFileSync(join(p.dir, 'ks/sylveste_agent/x/e1.key')).length).toBe(32);
    expect(mode(join(p.dir, 'ks'))).toBe(0o700);
    expect(mode(join(p.dir, 'ks/sylveste_agent'))).toBe(0o700);
    const before = quarter(new Date());
    const r = await p.ic(['receipt', 'keygen', '--agent=b']);
    const after = quarter(new Date());
    expect([`provisioned signing key: b#${before}\n`, `provisioned signing key: b#${after}\n`]).toContain(r.stdout);
    expect(r.code).toBe(0);
  });

  it('usage errors exit 5 naming the cause, and write nothing', async () => {
    const p = await project();
    const before = tree(p.dir);
    expect(await p.ic(['receipt', 'keygen'])).toEqual({ code: 5, stdout: '', stderr: 'ic: receipt keygen: --agent=<id> is required\n' });
    expect(await p.ic(['receipt', 'keygen', '--agent=a', '--bogus'])).toMatchObject({ code: 5, stdout: '' });
    expect((await p.ic(['receipt', 'keygen', '--agent=a', '--bogus'])).stderr).toMatch(/^ic: receipt keygen: .*--bogus.*\n$/);
    // The family's own usage errors keep receipt's exit 5 (as Go's `ic receipt`).
    expect(await p.ic(['receipt'])).toEqual({
      code: 5,
      stdout: '',
      stderr: 'ic: receipt: missing subcommand (keygen, emit, find, verify)\n',
    });
    expect(await p.ic(['receipt', 'frob'])).toEqual({ code: 5, stdout: '', stderr: 'ic: receipt: unknown subcommand: frob\n' });
    expect(tree(p.dir)).toEqual(before);
  });

  it('refuses an agent id or epoch that names a path outside the keystore, and writes nothing anywhere', async () => {
    const p = await project();
    const db = p.db();
    const rows = snapshot(db);
    const before = tree(p.dir);
    const cases: [string[], string][] = [
      [['--agent=../evil'], 'agent id "../evil" names no directory inside the keystore'],
      [['--agent=../../../evil'], 'agent id "../../../evil" names no directory inside the keystore'],
      [['--agent=/abs'], 'agent id "/abs" names no directory inside the keystore'],
      [['--agent=x/../a'], 'agent id "x/../a" names no directory inside the keystore'],
      [['--agent=a/'], 'agent id "a/" names no directory inside the keystore'],
      [['--agent=.'], 'agent id "." names no directory inside the keystore'],
      [['--agent=a', '--epoch=../x'], 'epoch "../x" is not a file name'],
      [['--agent=a', '--epoch=..'], 'epoch ".." is not a file name'],
      [['--agent=a#b', '--epoch=e'], 'agent id "a#b" holds "#", which separates agent and epoch in a key id'],
    ];
    for (const [flags, message] of cases) {
      expect(await p.ic(['receipt', 'keygen', '--epoch=e', ...flags]), flags.join(' ')).toEqual({
        code: 5,
        stdout: '',
        stderr: `ic: receipt keygen: ${message}\n`,
      });
    }
    expect(tree(p.dir)).toEqual(before);
    expect(snapshot(db)).toBe(rows);
  });

  it('refuses a symlinked keystore, a symlinked key (even with --force) and a keystore others may write; nothing written', async () => {
    const p = await project();
    const outside = tempDir();
    const victim = join(outside, 'victim');
    writeFileSync(victim, 'precious', { mode: 0o600 });
    const outsideBefore = tree(outside);

    // The keystore itself a link to a directory elsewhere.
    symlinkSync(outside, join(p.dir, 'linked'));
    const r1 = await p.ic(['receipt', 'keygen', '--agent=a', '--epoch=e1', '--keys=linked']);
    expect(r1).toEqual({
      code: 5,
      stdout: '',
      stderr: `ic: receipt keygen: ${join(p.dir, 'linked')} is not a directory (a symbolic link); the keystore must be real directories\n`,
    });

    // The key file a link to a file elsewhere: never written through, never replaced.
    await p.ic(['receipt', 'keygen', '--agent=a', '--epoch=e0']);
    const link = join(p.dir, KEYS, 'a/e1.key');
    symlinkSync(victim, link);
    const before = tree(p.dir);
    for (const force of [[], ['--force']]) {
      const r = await p.ic(['receipt', 'keygen', '--agent=a', '--epoch=e1', ...force]);
      expect(r.code).toBe(5);
      expect(r.stdout).toBe('');
    }
    expect((await p.ic(['receipt', 'keygen', '--agent=a', '--epoch=e1', '--force'])).stderr).toBe(
      `ic: receipt keygen: ${link} is not a regular file (a symbolic link); remove it first\n`,
    );
    expect(tree(p.dir)).toEqual(before);
    expect(readFileSync(join(p.dir, KEYS, 'a/active'), 'utf8')).toBe('e0');

    // An agent directory a link to elsewhere.
    symlinkSync(outside, join(p.dir, KEYS, 'b'));
    expect(await p.ic(['receipt', 'keygen', '--agent=b', '--epoch=e1'])).toEqual({
      code: 5,
      stdout: '',
      stderr: `ic: receipt keygen: ${join(p.dir, KEYS, 'b')} is not a directory (a symbolic link); the keystore must be real directories\n`,
    });

    // The active pointer's place taken by a directory or a link: refused before anything is written.
    mkdirSync(join(p.dir, KEYS, 'c/active'), { recursive: true, mode: 0o700 });
    mkdirSync(join(p.dir, KEYS, 'd'), { mode: 0o700 });
    symlinkSync(victim, join(p.dir, KEYS, 'd/active'));
    for (const agent of ['c', 'd']) {
      const pointer = join(p.dir, KEYS, agent, 'active');
      expect(await p.ic(['receipt', 'keygen', `--agent=${agent}`, '--epoch=e1'])).toEqual({
        code: 5,
        stdout: '',
        stderr: `ic: receipt keygen: ${pointer} is not a regular file${agent === 'd' ? ' (a symbolic link)' : ''}; remove it first\n`,
      });
    }
    expect(tree(join(p.dir, KEYS, 'c'))).toEqual(['active/ 700']);
    expect(tree(join(p.dir, KEYS, 'd'))).toEqual([`active -> ${victim}`]);

    // A keystore directory its group may write.
    mkdirSync(join(p.dir, 'shared'), { mode: 0o700 });
    chmodSync(join(p.dir, 'shared'), 0o770);
    expect(await p.ic(['receipt', 'keygen', '--agent=a', '--epoch=e1', '--keys=shared'])).toEqual({
      code: 5,
      stdout: '',
      stderr: `ic: receipt keygen: ${join(p.dir, 'shared')} is writable by its group (mode 0770); a keystore directory must be yours alone\n`,
    });
    expect(tree(join(p.dir, 'shared'))).toEqual([]);
    expect(tree(outside)).toEqual(outsideBefore);
    expect(readFileSync(victim, 'utf8')).toBe('precious');
  });
});
