import { describe, expect, it } from 'vitest';
import { project } from '../../helpers';

describe('state delete / list / prune', () => {
  it('list prints live scope_ids sorted; prune deletes only expired rows', async () => {
    const p = await project();
    const db = p.db();
    const ins = db.prepare('INSERT INTO state (key, scope_id, payload, expires_at) VALUES (?, ?, ?, ?)');
    ins.run('k', 'zeta', '1', null);
    ins.run('k', 'alpha', '1', 4_000_000_000);
    ins.run('k', 'dead', '1', 5);
    ins.run('other', 'x', '1', null);
    expect(await p.ic(['state', 'list', 'k'])).toEqual({ code: 0, stdout: 'alpha\nzeta\n', stderr: '' });
    expect(await p.ic(['state', 'list', 'k', '--json'])).toEqual({
      code: 0,
      stdout: '[{"scope_id":"alpha"},{"scope_id":"zeta"}]\n',
      stderr: '',
    });
    expect(await p.ic(['state', 'list', 'nothing'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await p.ic(['state', 'list', 'nothing', '--json'])).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
    expect(await p.ic(['state', 'prune'])).toEqual({ code: 0, stdout: '1 pruned\n', stderr: '' });
    expect(db.prepare('SELECT scope_id FROM state ORDER BY scope_id').all()).toEqual([
      { scope_id: 'alpha' },
      { scope_id: 'x' },
      { scope_id: 'zeta' },
    ]);
  });
});

describe('state list: the key rule (v6)', () => {
  it('a bad key is exit 2 with the contract message, never a silent answer', async () => {
    const p = await project();
    const args = ['state', 'list', 'Bad.Key'];
    expect(await p.ic(args)).toEqual({
      code: 2,
      stdout: '',
      stderr:
        "ic: state list: invalid key \"Bad.Key\": must be lowercase alphanumeric with optional dot-separated segments (e.g., 'dispatch', 'sprint.checkpoint')\n",
    });
    expect(await p.ic(['state', 'list', ''])).toEqual({ code: 2, stdout: '', stderr: 'ic: state list: key must not be empty\n' });
  });
});
