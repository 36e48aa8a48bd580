import { describe, expect, it } from 'vitest';
import { project } from '../../helpers';

describe('state prune', () => {
  it('deletes only expired rows, under every key, and counts them', async () => {
    const p = await project();
    const db = p.db();
    const ins = db.prepare('INSERT INTO state (key, scope_id, payload, expires_at) VALUES (?, ?, ?, ?)');
    ins.run('a', 'dead', '1', 5);
    ins.run('b', 'dead', '1', Math.floor(Date.now() / 1000) - 1);
    ins.run('a', 'forever', '1', null);
    ins.run('b', 'later', '1', 4_000_000_000);
    expect(await p.ic(['state', 'prune'])).toEqual({ code: 0, stdout: '2 pruned\n', stderr: '' });
    expect(db.prepare('SELECT key, scope_id FROM state ORDER BY key').all()).toEqual([
      { key: 'a', scope_id: 'forever' },
      { key: 'b', scope_id: 'later' },
    ]);
    expect(await p.ic(['state', 'prune'])).toEqual({ code: 0, stdout: '0 pruned\n', stderr: '' });
    expect(await p.ic(['--json', 'state', 'prune'])).toEqual({ code: 0, stdout: '{"deleted":0}\n', stderr: '' });
  });
});
