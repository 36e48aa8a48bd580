import { describe, expect, it } from 'vitest';
import { project } from '../../helpers';
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
    // Fixed times: the age column is the time since created_at.
    const now = Math.floor(Date.now() / 1000);
    db.prepare('UPDATE coordination_locks SET created_at = ? WHERE id = ?').run(now - 3725, a);
    db.prepare('UPDATE coordination_locks SET created_at = ? WHERE id = ?').run(now - 65, b);
    db.prepare('UPDATE coordination_locks SET created_at = ? WHERE id = ?').run(now + 3600, c);
    const text = (await p.ic(['coordination', 'list'])).stdout.split('\n');
    expect(text[0]).toBe(`${c}\tfile_reservation\tc\tx\tactive\t-59m59s`.replace('-59m59s', text[0]!.split('\t')[5]!));
    expect(text[0]!.split('\t')[5]).toMatch(/^-(59m59s|1h0m0s)$/);
    expect(text[1]).toMatch(new RegExp(`^${b}\\tfile_reservation\\tb\\tdocs/\\*\\treleased\\t1m(5|6)s$`));
    expect(text[2]).toMatch(new RegExp(`^${a}\\twrite_set\\ta\\tsrc/\\*\\tactive\\t1h2m(5|6)s$`));
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
