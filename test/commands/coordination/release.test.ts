import { describe, expect, it } from 'vitest';
import { project } from '../../helpers';
import { events, reserve } from './common';

describe('coordination release', () => {
  it('releases one lock by id, once; a released event for it', async () => {
    const p = await project();
    const id = await reserve(p, 'a', 's', 'x');
    expect(await p.ic(['coordination', 'release', id])).toEqual({ code: 0, stdout: '1 released\n', stderr: '' });
    expect(await p.ic(['--json', 'coordination', 'release', id])).toEqual({ code: 0, stdout: '{"released":0}\n', stderr: '' });
    expect(events(p)).toEqual([
      { lock_id: id, event_type: 'coordination.acquired', owner: 'a', pattern: 'x', scope: 's', reason: null },
      { lock_id: id, event_type: 'coordination.released', owner: 'a', pattern: 'x', scope: 's', reason: null },
    ]);
    // The pattern is free again.
    expect((await p.ic(['coordination', 'reserve', '--owner=b', '--scope=s', '--pattern=x'])).code).toBe(0);
  });

  it("releases every lock of an owner in a scope, an event each; others' and other scopes' stay", async () => {
    const p = await project();
    const a1 = await reserve(p, 'a', 's', 'x');
    const a2 = await reserve(p, 'a', 's', 'y');
    const a3 = await reserve(p, 'a', 't', 'x');
    const b1 = await reserve(p, 'b', 's', 'z');
    expect(await p.ic(['--json', 'coordination', 'release', '--owner=a', '--scope=s'])).toEqual({
      code: 0,
      stdout: '{"released":2}\n',
      stderr: '',
    });
    const db = p.db();
    expect(db.prepare('SELECT id FROM coordination_locks WHERE released_at IS NULL ORDER BY id').all()).toEqual(
      [{ id: a3 }, { id: b1 }].sort((x, y) => (x.id < y.id ? -1 : 1)),
    );
    expect(db.prepare(`SELECT lock_id FROM coordination_events WHERE event_type = 'coordination.released' ORDER BY lock_id`).all()).toEqual(
      [{ lock_id: a1 }, { lock_id: a2 }].sort((x, y) => (x.lock_id < y.lock_id ? -1 : 1)),
    );
  });

  it('needs an id, or --owner and --scope (exit 3)', async () => {
    const p = await project();
    const usage = { code: 3, stdout: '', stderr: 'ic: coordination release: provide <id> or --owner + --scope\n' };
    expect(await p.ic(['coordination', 'release'])).toEqual(usage);
    expect(await p.ic(['coordination', 'release', '--owner=a'])).toEqual(usage);
    expect(await p.ic(['coordination', 'release', '--scope=s'])).toEqual(usage);
  });
});
