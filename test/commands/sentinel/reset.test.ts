import { describe, expect, it } from 'vitest';
import { project } from '../../helpers';

describe('sentinel reset', () => {
  it('deletes only the named (name, scope_id); prints reset either way', async () => {
    const p = await project();
    const ins = p.db().prepare('INSERT INTO sentinels (name, scope_id, last_fired) VALUES (?, ?, ?)');
    ins.run('stop', 's1', 100);
    ins.run('stop', 's2', 100);
    ins.run('drift', 's1', 100);
    expect(await p.ic(['sentinel', 'reset', 'stop', 's1'])).toEqual({ code: 0, stdout: 'reset\n', stderr: '' });
    expect(p.db().prepare('SELECT name, scope_id FROM sentinels ORDER BY name, scope_id').all()).toEqual([
      { name: 'drift', scope_id: 's1' },
      { name: 'stop', scope_id: 's2' },
    ]);
    expect(await p.ic(['sentinel', 'reset', 'stop', 's1'])).toEqual({ code: 0, stdout: 'reset\n', stderr: '' });
    expect(await p.ic(['--json', 'sentinel', 'reset', 'stop', 's2'])).toEqual({ code: 0, stdout: '{"deleted":1}\n', stderr: '' });
    expect(await p.ic(['--json', 'sentinel', 'reset', 'stop', 's2'])).toEqual({ code: 0, stdout: '{"deleted":0}\n', stderr: '' });
    expect(p.db().prepare('SELECT name, scope_id FROM sentinels').all()).toEqual([{ name: 'drift', scope_id: 's1' }]);
  });
});
