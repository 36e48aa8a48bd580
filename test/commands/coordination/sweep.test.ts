import { describe, expect, it } from 'vitest';
import { project } from '../../helpers';
import { reserve } from './common';

describe('coordination sweep', () => {
  it('releases the locks whose TTL ran out, an expired event each; --dry-run only counts; --older-than keeps recent ones', async () => {
    const p = await project();
    const db = p.db();
    const now = Math.floor(Date.now() / 1000);
    const old = await reserve(p, 'a', 's', 'x', '--ttl=60');
    const recent = await reserve(p, 'b', 's', 'y', '--ttl=60');
    const live = await reserve(p, 'c', 's', 'z', '--ttl=3600');
    await reserve(p, 'd', 's', 'w');
    db.prepare('UPDATE coordination_locks SET expires_at = ? WHERE id = ?').run(now - 7200, old);
    db.prepare('UPDATE coordination_locks SET expires_at = ? WHERE id = ?').run(now - 60, recent);
    expect(await p.ic(['coordination', 'sweep', '--dry-run'])).toEqual({ code: 0, stdout: '(dry-run) 2 expired, 2 total\n', stderr: '' });
    expect(db.prepare('SELECT count(*) AS n FROM coordination_locks WHERE released_at IS NOT NULL').get()).toEqual({ n: 0 });
    expect(await p.ic(['--json', 'coordination', 'sweep', '--older-than=1h'])).toEqual({
      code: 0,
      stdout: '{"expired":1,"total":1}\n',
      stderr: '',
    });
    expect(await p.ic(['coordination', 'sweep'])).toEqual({ code: 0, stdout: '1 expired, 1 total\n', stderr: '' });
    expect(await p.ic(['coordination', 'sweep'])).toEqual({ code: 0, stdout: '0 expired, 0 total\n', stderr: '' });
    expect(db.prepare('SELECT id FROM coordination_locks WHERE released_at IS NOT NULL ORDER BY id').all()).toEqual(
      [{ id: old }, { id: recent }].sort((x, y) => (x.id < y.id ? -1 : 1)),
    );
    expect(
      db.prepare(`SELECT lock_id, reason FROM coordination_events WHERE event_type = 'coordination.expired' ORDER BY id`).all(),
    ).toEqual([
      { lock_id: old, reason: 'sweep' },
      { lock_id: recent, reason: 'sweep' },
    ]);
    expect(live).toBeTruthy();
  });

  it('refuses a bad --older-than (exit 3)', async () => {
    const p = await project();
    const r = await p.ic(['coordination', 'sweep', '--older-than=soon']);
    expect(r).toMatchObject({ code: 3, stdout: '' });
    expect(r.stderr).toMatch(/^ic: coordination sweep: .*--older-than/);
  });
});
