import { describe, expect, it } from 'vitest';
import { agesBetween, project } from '../../helpers';
import { reserve } from './common';

describe('coordination list', () => {
  it('none: nothing, or [] as JSON', async () => {
    const p = await project();
    expect(await p.ic(['coordination', 'list'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await p.ic(['--json', 'coordination', 'list'])).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
  });

  it("lists locks newest first as Go's rows (id, type, owner, pattern, active or released, age); filters by scope, owner, type, --active", async () => {
    const p = await project();
    const a = await reserve(p, 'a', 's', 'src/*', '--type=write_set', '--reason=contract:ast:v1', '--exclusive=false');
    const b = await reserve(p, 'b', 's', 'docs/*');
    const c = await reserve(p, 'c', 't', 'x');
    await p.ic(['coordination', 'release', b]);
    const db = p.db();
    // Times relative to now: the age column is the time since created_at, read by ic's own clock,
    // so each age is checked against the window [before, after] that clock was read in.
    const before = Date.now();
    const now = Math.floor(before / 1000);
    db.prepare('UPDATE coordination_locks SET created_at = ? WHERE id = ?').run(now - 3725, a);
    db.prepare('UPDATE coordination_locks SET created_at = ? WHERE id = ?').run(now - 65, b);
    db.prepare('UPDATE coordination_locks SET created_at = ? WHERE id = ?').run(now + 3600, c);
    const text = (await p.ic(['coordination', 'list'])).stdout.split('\n');
    const after = Date.now();
    const ages = (created: number) => agesBetween(created, before, after);
    const rows = text.slice(0, 3).map((line) => line.split('\t'));
    expect(rows.map((r) => r.slice(0, 5))).toEqual([
      [c, 'file_reservation', 'c', 'x', 'active'],
      [b, 'file_reservation', 'b', 'docs/*', 'released'],
      [a, 'write_set', 'a', 'src/*', 'active'],
    ]);
    expect(ages(now + 3600)).toContain(rows[0]![5]);
    expect(ages(now - 65)).toContain(rows[1]![5]);
    expect(ages(now - 3725)).toContain(rows[2]![5]);
    expect(rows.map((r) => r.length)).toEqual([6, 6, 6]);
    expect(text[3]).toBe('');
    const json = JSON.parse(
      (await p.ic(['--json', 'coordination', 'list', '--scope=s', '--type=write_set', '--active'])).stdout,
    ) as object[];
    expect(json).toEqual([
      {
        id: a,
        type: 'write_set',
        owner: 'a',
        scope: 's',
        pattern: 'src/*',
        exclusive: false,
        reason: 'contract:ast:v1',
        created_at: now - 3725,
      },
    ]);
    expect(Object.keys(json[0]!)).toEqual(['id', 'type', 'owner', 'scope', 'pattern', 'exclusive', 'reason', 'created_at']);
    const ids = (args: string[]) =>
      p.ic(['--json', 'coordination', 'list', ...args]).then((r) => (JSON.parse(r.stdout) as { id: string }[]).map((l) => l.id));
    expect(await ids(['--scope=s'])).toEqual([b, a]);
    expect(await ids(['--owner=b'])).toEqual([b]);
    expect(await ids(['--active'])).toEqual([c, a]);
    const released = JSON.parse((await p.ic(['--json', 'coordination', 'list', '--owner=b'])).stdout) as { released_at: number }[];
    expect(released[0]!.released_at).toBeGreaterThan(0);
  });

  it('an expired lock is not --active', async () => {
    const p = await project();
    const id = await reserve(p, 'a', 's', 'x', '--ttl=60');
    p.db().prepare('UPDATE coordination_locks SET expires_at = 1000 WHERE id = ?').run(id);
    expect(await p.ic(['--json', 'coordination', 'list', '--active'])).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
  });
});
