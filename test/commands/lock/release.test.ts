import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runIc, tempDir } from '../../helpers';
import { BASE, lockName, plant, sh } from './common';

const ok = { code: 0, stdout: '', stderr: '' };
const silent1 = { code: 1, stdout: '', stderr: '' };

describe('lock release', () => {
  it('releases a lock of the default owner silently; the <name> directory stays', async () => {
    const dir = tempDir();
    const n = lockName();
    expect(await runIc(['lock', 'acquire', n, 's'], dir)).toEqual(ok);
    expect(await runIc(['lock', 'release', n, 's'], dir)).toEqual(ok);
    expect(existsSync(join(BASE, n, 's'))).toBe(false);
    expect(readdirSync(join(BASE, n))).toEqual([]);
  });

  it('--verbose prints "released <name>/<scope>"; --json is ignored', async () => {
    const dir = tempDir();
    const n = lockName();
    await runIc(['lock', 'acquire', n, 'a', '--owner=me'], dir);
    await runIc(['lock', 'acquire', n, 'b', '--owner=me'], dir);
    expect(await runIc(['--verbose', 'lock', 'release', n, 'a', '--owner=me'], dir)).toEqual({
      code: 0,
      stdout: `released ${n}/a\n`,
      stderr: '',
    });
    expect(await runIc(['--json', '--verbose', 'lock', 'release', n, 'b', '--owner=me'], dir)).toEqual({
      code: 0,
      stdout: `released ${n}/b\n`,
      stderr: '',
    });
  });

  it('another owner: exit 1, silent, the lock kept; --verbose says "not owner"', async () => {
    const dir = tempDir();
    const n = lockName();
    await runIc(['lock', 'acquire', n, 's', '--owner=alice'], dir);
    expect(await runIc(['lock', 'release', n, 's', '--owner=bob'], dir)).toEqual(silent1);
    expect(await runIc(['lock', 'release', n, 's'], dir)).toEqual(silent1);
    expect(await runIc(['--verbose', 'lock', 'release', n, 's', '--owner=bob'], dir)).toEqual({
      code: 1,
      stdout: '',
      stderr: 'ic: lock release: not owner\n',
    });
    expect(JSON.parse(readFileSync(join(BASE, n, 's', 'owner.json'), 'utf8'))).toMatchObject({ owner: 'alice' });
    expect(await runIc(['lock', 'release', n, 's', '--owner=alice'], dir)).toEqual(ok);
  });

  it('no lock, or no readable owner.json: exit 1, silent; --verbose says "not found"', async () => {
    const dir = tempDir();
    const n = lockName();
    expect(await runIc(['lock', 'release', n, 's'], dir)).toEqual(silent1);
    expect(await runIc(['lock', 'release', n, 's', '--verbose'], dir)).toEqual({
      code: 1,
      stdout: '',
      stderr: 'ic: lock release: not found\n',
    });
    plant(n, 'ghost', { raw: null });
    plant(n, 'garbage', { raw: 'not json' });
    for (const scope of ['ghost', 'garbage']) {
      expect(await runIc(['--verbose', 'lock', 'release', n, scope], dir)).toEqual({
        code: 1,
        stdout: '',
        stderr: 'ic: lock release: not found\n',
      });
      expect(existsSync(join(BASE, n, scope))).toBe(true);
    }
  });

  it('the owner given at acquire releases it, whatever the shell (the wrappers pass --owner)', () => {
    const n = lockName();
    expect(sh(`$IC lock acquire ${n} s --owner=w:host`).code).toBe(0);
    expect(sh(`$IC lock release ${n} s --owner=w:host`)).toEqual(ok);
  });

  it('invalid names: exit 2 in every case', async () => {
    const dir = tempDir();
    expect(await runIc(['lock', 'release', '..', 's'], dir)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ic: lock release: invalid lock name or scope\n',
    });
    expect(await runIc(['lock', 'release', 'n', 'a/b', '--verbose'], dir)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ic: lock release: invalid lock name or scope\n',
    });
  });
});
