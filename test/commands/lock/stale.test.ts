import { describe, expect, it } from 'vitest';
import { agesBetween, runIc, tempDir } from '../../helpers';
import { linesOf, lockName, nowSec, plant } from './common';

describe('lock stale', () => {
  it('locks created more than 5 s ago by default; a ghost by its directory time', async () => {
    const dir = tempDir();
    const n = lockName();
    const before = Date.now();
    const now = Math.floor(before / 1000);
    plant(n, 'old', { owner: 'o', created: now - 10 });
    plant(n, 'new', { owner: 'o', created: now - 1 });
    plant(n, 'old-ghost', { raw: null, mtime: now - 60 });
    plant(n, 'new-ghost', { raw: null });
    const r = await runIc(['lock', 'stale'], dir);
    const after = Date.now();
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = linesOf(r.stdout, n);
    // 'new' (1 s old) is stale only once more than 5 s have passed: on a machine slow enough for
    // that, the window says so, and the line is then rightly there.
    const newMayBeStale = after - (now - 1) * 1000 > 5000;
    const withoutNew = newMayBeStale ? lines.filter((l) => !l.startsWith(`${n}\tnew\t`)) : lines;
    expect(withoutNew.map((l) => l.split('\t').slice(0, 3))).toEqual([
      [n, 'old', 'o'],
      [n, 'old-ghost', ''],
    ]);
    expect(agesBetween(now - 10, before, after, 'whole')).toContain(withoutNew[0]!.split('\t')[3]);
    expect(withoutNew[1]!.split('\t')[3]).toBe('');
  });

  it('--older-than moves the line; --json and --db are ignored', async () => {
    const dir = tempDir();
    const n = lockName();
    const now = nowSec();
    plant(n, 'a', { owner: 'o', created: now - 120 });
    plant(n, 'b', { owner: 'o', created: now - 30 });
    const names = async (argv: string[]) => {
      const r = await runIc(argv, dir);
      expect(r.code).toBe(0);
      return linesOf(r.stdout, n).map((l) => l.split('\t')[1]);
    };
    expect(await names(['lock', 'stale', '--older-than=1m'])).toEqual(['a']);
    expect(await names(['lock', 'stale', '--older-than=10s'])).toEqual(['a', 'b']);
    expect(await names(['lock', 'stale', '--older-than=1h'])).toEqual([]);
    expect(await names(['--json', '--db=../x.sqlite', 'lock', 'stale', '--older-than=1m'])).toEqual(['a']);
    // A negative duration parses (as Go's does): the cutoff lies ahead, so every lock is stale.
    plant(n, 'c', { owner: 'o', created: now });
    expect(await names(['lock', 'stale', '--older-than=-1h'])).toEqual(['a', 'b', 'c']);
  });

  it('a bad --older-than is a usage error', async () => {
    const dir = tempDir();
    for (const v of ['x', '5', '1d', '-']) {
      expect(await runIc(['lock', 'stale', `--older-than=${v}`], dir)).toEqual({
        code: 3,
        stdout: '',
        stderr: `ic: lock stale: invalid duration: ${v}\n`,
      });
    }
    // An empty value: the line is trimmed, as every error line is.
    expect(await runIc(['lock', 'stale', '--older-than='], dir)).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: lock stale: invalid duration:\n',
    });
  });
});
