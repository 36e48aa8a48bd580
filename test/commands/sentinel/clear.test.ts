import { describe, expect, it } from 'vitest';
import { project } from '../../helpers';

describe('sentinel clear', () => {
  it('forgets a sentinel in every scope, odd scopes included; other sentinels stay', async () => {
    const p = await project();
    for (const scope of ['s1', 'with\nnewline', 'with\ttab']) await p.ic(['sentinel', 'check', 'stop', scope, '--interval=0']);
    await p.ic(['sentinel', 'check', 'other', 's1', '--interval=0']);
    expect(await p.ic(['sentinel', 'clear', 'stop'])).toEqual({ code: 0, stdout: '3 reset\n', stderr: '' });
    expect(p.db().prepare('SELECT name, scope_id FROM sentinels').all()).toEqual([{ name: 'other', scope_id: 's1' }]);
    // Fires again after the clear.
    expect(await p.ic(['sentinel', 'check', 'stop', 'with\nnewline', '--interval=0'])).toEqual({
      code: 0,
      stdout: 'allowed\n',
      stderr: '',
    });
    expect(await p.ic(['--json', 'sentinel', 'clear', 'none'])).toEqual({ code: 0, stdout: '{"deleted":0}\n', stderr: '' });
  });
});
