import { describe, expect, it } from 'vitest';
import { schedulerProject, submit } from './common';

describe('scheduler prune', () => {
  it('deletes terminal jobs that ended before --older-than ago (default 24h), never queued ones', async () => {
    const p = await schedulerProject();
    const ids = [await submit(p), await submit(p), await submit(p), await submit(p)];
    const set = p.db().prepare('UPDATE scheduler_jobs SET status = ?, completed_at = ? WHERE id = ?');
    const now = Math.floor(Date.now() / 1000);
    set.run('completed', now - 2 * 86400, ids[0]);
    set.run('failed', now - 3600, ids[1]);
    set.run('pending', null, ids[2]);
    set.run('cancelled', now - 2 * 86400, ids[3]);
    expect(await p.ic(['scheduler', 'prune'])).toEqual({ code: 0, stdout: 'Pruned 2 completed scheduler jobs.\n', stderr: '' });
    expect(await p.ic(['--json', 'scheduler', 'prune', '--older-than=1m'])).toEqual({ code: 0, stdout: '{"pruned":1}\n', stderr: '' });
    expect(p.db().prepare('SELECT id FROM scheduler_jobs').all()).toEqual([{ id: ids[2] }]);
    expect((await p.ic(['scheduler', 'prune', '--older-than=soon'])).code).toBe(3);
  });
});
