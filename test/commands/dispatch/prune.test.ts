import { describe, expect, it } from 'vitest';
import { project } from '../../helpers';

describe('dispatch prune', () => {
  it('deletes terminal dispatches created longer ago than --older-than, never live ones', async () => {
    const p = await project();
    const ins = p.db().prepare('INSERT INTO dispatches (id, project_dir, status, created_at) VALUES (?, ?, ?, ?)');
    for (const status of ['completed', 'failed', 'timeout', 'cancelled', 'spawned', 'running'])
      ins.run(`old-${status}`, p.dir, status, 100);
    ins.run('new-completed', p.dir, 'completed', Math.floor(Date.now() / 1000));
    expect(await p.ic(['dispatch', 'prune', '--older-than=1h'])).toEqual({ code: 0, stdout: '4 pruned\n', stderr: '' });
    expect(p.db().prepare('SELECT id FROM dispatches ORDER BY id').all()).toEqual([
      { id: 'new-completed' },
      { id: 'old-running' },
      { id: 'old-spawned' },
    ]);
    expect(await p.ic(['--json', 'dispatch', 'prune', '--older-than=1h'])).toEqual({ code: 0, stdout: '{"deleted":0}\n', stderr: '' });
    expect(await p.ic(['dispatch', 'prune'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: dispatch prune: --older-than is required\n',
    });
  });
});

describe('dispatch prune and scheduler jobs', () => {
  it('prunes a dispatch a scheduler job spawned: the job stays, unlinked', async () => {
    const p = await project();
    const db = p.db();
    db.prepare("INSERT INTO dispatches (id, project_dir, status, created_at) VALUES ('d1', ?, 'completed', 100)").run(p.dir);
    db.prepare(
      "INSERT INTO scheduler_jobs (id, status, spawn_opts, created_at, dispatch_id, completed_at) VALUES ('j1', 'completed', '{}', 100, 'd1', 100)",
    ).run();
    expect(await p.ic(['dispatch', 'prune', '--older-than=1h'])).toEqual({ code: 0, stdout: '1 pruned\n', stderr: '' });
    expect(db.prepare('SELECT id, dispatch_id FROM scheduler_jobs').all()).toEqual([{ id: 'j1', dispatch_id: null }]);
  });
});
