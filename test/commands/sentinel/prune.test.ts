import { describe, expect, it } from 'vitest';
import { project } from '../../helpers';

describe('sentinel prune', () => {
  it('deletes sentinels that last fired longer ago than --older-than', async () => {
    const p = await project();
    const now = Math.floor(Date.now() / 1000);
    const ins = p.db().prepare('INSERT INTO sentinels (name, scope_id, last_fired) VALUES (?, ?, ?)');
    ins.run('old', 's', 100);
    ins.run('hour', 's', now - 7200);
    ins.run('fresh', 's', now);
    expect(await p.ic(['sentinel', 'prune', '--older-than=1h'])).toEqual({ code: 0, stdout: '2 pruned\n', stderr: '' });
    expect(p.db().prepare('SELECT name FROM sentinels').all()).toEqual([{ name: 'fresh' }]);
    expect(await p.ic(['--json', 'sentinel', 'prune', '--older-than=1h'])).toEqual({ code: 0, stdout: '{"deleted":0}\n', stderr: '' });
  });

  it('--older-than is required (exit 3, nothing deleted)', async () => {
    const p = await project();
    p.db().prepare("INSERT INTO sentinels (name, scope_id, last_fired) VALUES ('old', 's', 100)").run();
    expect(await p.ic(['sentinel', 'prune'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: sentinel prune: --older-than is required\n',
    });
    expect(p.db().prepare('SELECT count(*) AS n FROM sentinels').get()).toEqual({ n: 1 });
  });
});
