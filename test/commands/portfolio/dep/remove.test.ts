import { describe, expect, it } from 'vitest';
import { project } from '../../../helpers';
import { depRows, makePortfolio } from '../common';

describe('portfolio dep remove', () => {
  it('removes one edge (paths made absolute) and prints removed; then not found, exit 2, nothing changed', async () => {
    const p = await project();
    const pf = await makePortfolio(p, ['a', 'b', 'c']);
    const [a, b, c] = pf.dirs as [string, string, string];
    await p.ic(['portfolio', 'dep', 'add', pf.id, `--upstream=${a}`, `--downstream=${b}`]);
    await p.ic(['portfolio', 'dep', 'add', pf.id, `--upstream=${a}`, `--downstream=${c}`]);
    expect(await p.ic(['portfolio', 'dep', 'remove', pf.id, '--upstream=a', '--downstream=b'])).toEqual({
      code: 0,
      stdout: 'removed\n',
      stderr: '',
    });
    expect(depRows(p)).toEqual([{ portfolio_run_id: pf.id, upstream_project: a, downstream_project: c }]);
    const gone = { code: 2, stdout: '', stderr: 'ic: portfolio dep remove: remove dep: not found\n' };
    expect(await p.ic(['--json', 'portfolio', 'dep', 'remove', pf.id, `--upstream=${a}`, `--downstream=${b}`])).toEqual(gone);
    expect(await p.ic(['portfolio', 'dep', 'remove', 'nosuch', `--upstream=${a}`, `--downstream=${c}`])).toEqual(gone);
    expect(depRows(p)).toEqual([{ portfolio_run_id: pf.id, upstream_project: a, downstream_project: c }]);
    expect(await p.ic(['portfolio', 'dep', 'remove', pf.id, `--upstream=${a}`])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: portfolio dep remove: --downstream is required\n',
    });
  });
});
