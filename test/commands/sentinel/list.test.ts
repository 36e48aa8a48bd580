import { describe, expect, it } from 'vitest';
import { project } from '../../helpers';

describe('sentinel list', () => {
  it('empty, then every sentinel sorted by name and scope_id; --json', async () => {
    const p = await project();
    expect(await p.ic(['sentinel', 'list'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await p.ic(['--json', 'sentinel', 'list'])).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
    const ins = p.db().prepare('INSERT INTO sentinels (name, scope_id, last_fired) VALUES (?, ?, ?)');
    ins.run('stop', 's2', 300);
    ins.run('drift', 's1', 100);
    ins.run('stop', 's1', 200);
    expect(await p.ic(['sentinel', 'list'])).toEqual({
      code: 0,
      stdout: 'drift\ts1\t100\nstop\ts1\t200\nstop\ts2\t300\n',
      stderr: '',
    });
    expect(await p.ic(['--json', 'sentinel', 'list'])).toEqual({
      code: 0,
      stdout:
        '[{"last_fired":100,"name":"drift","scope_id":"s1"},{"last_fired":200,"name":"stop","scope_id":"s1"},' +
        '{"last_fired":300,"name":"stop","scope_id":"s2"}]\n',
      stderr: '',
    });
  });
});
