import { describe, expect, it } from 'vitest';
import { project } from '../../helpers';
import { reserve } from './common';

describe('coordination transfer', () => {
  it("gives an owner's active locks in a scope to another owner, a transferred event each", async () => {
    const p = await project();
    const x = await reserve(p, 'a', 's', 'x');
    const y = await reserve(p, 'a', 's', 'y', '--exclusive=false');
    const other = await reserve(p, 'a', 't', 'x');
    expect(await p.ic(['coordination', 'transfer', '--from=a', '--to=b', '--scope=s'])).toEqual({
      code: 0,
      stdout: '2 transferred\n',
      stderr: '',
    });
    expect(await p.ic(['--json', 'coordination', 'transfer', '--from=a', '--to=b', '--scope=s'])).toEqual({
      code: 0,
      stdout: '{"transferred":0}\n',
      stderr: '',
    });
    const db = p.db();
    expect(db.prepare('SELECT id, owner FROM coordination_locks ORDER BY rowid').all()).toEqual([
      { id: x, owner: 'b' },
      { id: y, owner: 'b' },
      { id: other, owner: 'a' },
    ]);
    expect(
      db
        .prepare(`SELECT lock_id, owner, reason FROM coordination_events WHERE event_type = 'coordination.transferred' ORDER BY lock_id`)
        .all(),
    ).toEqual(
      [
        { lock_id: x, owner: 'a', reason: 'transferred to b' },
        { lock_id: y, owner: 'a', reason: 'transferred to b' },
      ].sort((m, n) => (m.lock_id < n.lock_id ? -1 : 1)),
    );
  });

  it('refuses (exit 1, nothing moved) when an exclusive lock overlaps one --to holds; --force moves them anyway', async () => {
    const p = await project();
    await reserve(p, 'a', 's', 'src/*.ts');
    const theirs = await reserve(p, 'b', 't', 'q');
    // b's overlapping lock is in s too, reserved before a's existed there? Owners differ, so reserve b in another pattern first.
    const db = p.db();
    db.prepare(`UPDATE coordination_locks SET scope = 's', pattern = 'src/main.ts' WHERE id = ?`).run(theirs);
    expect(await p.ic(['coordination', 'transfer', '--from=a', '--to=b', '--scope=s'])).toEqual({
      code: 1,
      stdout: '',
      stderr: `ic: coordination transfer: transfer conflict: src/*.ts overlaps b's lock ${theirs} on src/main.ts\n`,
    });
    expect(db.prepare(`SELECT count(*) AS n FROM coordination_locks WHERE owner = 'a'`).get()).toEqual({ n: 1 });
    expect(await p.ic(['coordination', 'transfer', '--from=a', '--to=b', '--scope=s', '--force'])).toEqual({
      code: 0,
      stdout: '1 transferred\n',
      stderr: '',
    });
  });

  it('needs --from, --to and --scope (exit 3)', async () => {
    const p = await project();
    expect(await p.ic(['coordination', 'transfer', '--to=b', '--scope=s'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: coordination transfer: --from is required\n',
    });
  });
});
