import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runIc, tempDir } from '../../helpers';
import { BASE, linesOf, lockName, nowSec, plant } from './common';

describe('lock list', () => {
  it('every lock, by name then scope: name, scope, owner, age; a ghost with owner and age empty', async () => {
    const dir = tempDir();
    const a = lockName('a');
    const b = lockName('b');
    const now = nowSec();
    plant(b, 'z', { owner: '1:h', created: now - 3725 });
    plant(b, 'a', { owner: 'x', created: now - 125 });
    plant(a, 'fresh', { owner: 'me', created: now });
    plant(a, 'future', { owner: 'me', created: now + 3 });
    plant(a, 'ghost', { raw: null });
    // Plain files at either level are not locks.
    writeFileSync(join(BASE, a, 'file'), '');
    mkdirSync(join(BASE, b, 'z', 'inner'));
    const r = await runIc(['lock', 'list'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    // Ages cross a second boundary now and then: allow one more second.
    const lines = linesOf(r.stdout, a, b);
    expect(lines).toHaveLength(5);
    expect(lines[0]).toMatch(new RegExp(`^${a}\tfresh\tme\t[01]s$`));
    expect(lines[1]).toMatch(new RegExp(`^${a}\tfuture\tme\t-[23]s$`));
    expect(lines[2]).toBe(`${a}\tghost\t\t`);
    expect(lines[3]).toMatch(new RegExp(`^${b}\ta\tx\t2m[56]s$`));
    expect(lines[4]).toMatch(new RegExp(`^${b}\tz\t1:h\t1h2m[56]s$`));
  });

  it('a lock taken by ic shows with its owner', async () => {
    const dir = tempDir();
    const n = lockName();
    await runIc(['lock', 'acquire', n, 's', '--owner=42:box'], dir);
    const r = await runIc(['lock', 'list'], dir);
    expect(linesOf(r.stdout, n)).toEqual([expect.stringMatching(new RegExp(`^${n}\ts\t42:box\t[01]s$`))]);
  });

  it('needs no database: --db is ignored (not even checked), --json prints the text', async () => {
    const dir = tempDir();
    const n = lockName();
    plant(n, 's', { owner: 'o', created: nowSec() });
    for (const argv of [
      ['--db=../x.sqlite', 'lock', 'list'],
      ['lock', 'list', '--db=/no/such/dir/x.db'],
      ['--json', 'lock', 'list'],
    ]) {
      const r = await runIc(argv, dir);
      expect(r.code).toBe(0);
      expect(r.stderr).toBe('');
      expect(linesOf(r.stdout, n)).toEqual([expect.stringMatching(new RegExp(`^${n}\ts\to\t[01]s$`))]);
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
