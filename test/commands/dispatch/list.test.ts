import { describe, expect, it } from 'vitest';
import { dispatchProject, spawnWith } from './common';

describe('dispatch kill, list, prune', () => {
  it('list: newest first, --active, --scope; prune: only old terminal rows', async () => {
    const p = await dispatchProject();
    const a = await spawnWith(p, 'pass', '--name=first', '--scope-id=s1');
    await p.ic(['dispatch', 'wait', a, '--poll=50ms', '--timeout=20s']);
    const b = await spawnWith(p, 'sleeps', '--name=second');
    p.db().prepare('UPDATE dispatches SET created_at = 100 WHERE id = ?').run(a);
    expect(await p.ic(['dispatch', 'list'])).toEqual({
      code: 0,
      stdout: `${b}\trunning\tcodex\tsecond\n${a}\tcompleted\tcodex\tfirst\n`,
      stderr: '',
    });
    expect((await p.ic(['dispatch', 'list', '--active'])).stdout).toBe(`${b}\trunning\tcodex\tsecond\n`);
    expect((await p.ic(['dispatch', 'list', '--scope=s1'])).stdout).toBe(`${a}\tcompleted\tcodex\tfirst\n`);
    expect(await p.ic(['--json', 'dispatch', 'list', '--scope=none'])).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
    p.db().prepare('UPDATE dispatches SET created_at = 100').run();
    expect(await p.ic(['dispatch', 'prune', '--older-than=1h'])).toEqual({ code: 0, stdout: '1 pruned\n', stderr: '' });
    expect(p.db().prepare('SELECT id FROM dispatches').all()).toEqual([{ id: b }]);
    await p.ic(['dispatch', 'kill', b]);
  });
});
