import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { agesBetween, runIc, tempDir } from '../../helpers';
import { BASE, linesOf, lockName, plant } from './common';

describe('lock list', () => {
  it('every lock, by name then scope: name, scope, owner, age; a ghost with owner and age empty', async () => {
    const dir = tempDir();
    const a = lockName('a');
    const b = lockName('b');
    const before = Date.now();
    const now = Math.floor(before / 1000);
    plant(b, 'z', { owner: '1:h', created: now - 3725 });
    plant(b, 'a', { owner: 'x', created: now - 125 });
    plant(a, 'fresh', { owner: 'me', created: now });
    plant(a, 'future', { owner: 'me', created: now + 3 });
    plant(a, 'ghost', { raw: null });
    // Plain files at either level are not locks.
    writeFileSync(join(BASE, a, 'file'), '');
    mkdirSync(join(BASE, b, 'z', 'inner'));
    const r = await runIc(['lock', 'list'], dir);
    const after = Date.now();
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    // Each age as ic could have read its clock in the window [before, after].
    const age = (line: string | undefined, created: number) => {
      expect(agesBetween(created, before, after, 'whole')).toContain(line?.split('\t')[3]);
      return line?.split('\t').slice(0, 3);
    };
    const lines = linesOf(r.stdout, a, b);
    expect(lines).toHaveLength(5);
    expect(age(lines[0], now)).toEqual([a, 'fresh', 'me']);
    expect(age(lines[1], now + 3)).toEqual([a, 'future', 'me']);
    expect(lines[2]).toBe(`${a}\tghost\t\t`);
    expect(age(lines[3], now - 125)).toEqual([b, 'a', 'x']);
    expect(age(lines[4], now - 3725)).toEqual([b, 'z', '1:h']);
  });

  it('a lock taken by ic shows with its owner', async () => {
    const dir = tempDir();
    const n = lockName();
    const before = Date.now();
    await runIc(['lock', 'acquire', n, 's', '--owner=42:box'], dir);
    const r = await runIc(['lock', 'list'], dir);
    const after = Date.now();
    const [line, ...more] = linesOf(r.stdout, n);
    expect(more).toEqual([]);
    expect(line!.split('\t').slice(0, 3)).toEqual([n, 's', '42:box']);
    // Taken (created in whole seconds) and listed within the window: no older than the window, never negative.
    const seconds = Number(/^(\d+)s$/.exec(line!.split('\t')[3]!)?.[1]);
    expect(seconds).toBeLessThanOrEqual(Math.ceil((after - Math.floor(before / 1000) * 1000) / 1000));
  });

  it('needs no database: --db is ignored (not even checked), --json prints the text', async () => {
    const dir = tempDir();
    const n = lockName();
    const before = Date.now();
    const created = Math.floor(before / 1000);
    plant(n, 's', { owner: 'o', created });
    for (const argv of [
      ['--db=../x.sqlite', 'lock', 'list'],
      ['lock', 'list', '--db=/no/such/dir/x.db'],
      ['--json', 'lock', 'list'],
    ]) {
      const r = await runIc(argv, dir);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      const [line, ...more] = linesOf(r.stdout, n);
      expect(more).toEqual([]);
      expect(line!.split('\t').slice(0, 3)).toEqual([n, 's', 'o']);
      expect(agesBetween(created, before, Date.now(), 'whole')).toContain(line!.split('\t')[3]);
    }
  });

  it('`ic lock` alone lists the subcommands; an unknown one is named', async () => {
    const dir = tempDir();
    expect(await runIc(['lock'], dir)).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: lock: missing subcommand (acquire, release, list, stale, clean)\n',
    });
    expect(await runIc(['lock', 'grab'], dir)).toEqual({ code: 3, stdout: '', stderr: 'ic: lock: unknown subcommand: grab\n' });
    expect(await runIc(['lock', 'list', 'extra'], dir)).toMatchObject({ code: 3 });
  });
});
