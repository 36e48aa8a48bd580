import { describe, expect, it } from 'vitest';
import { project } from '../../helpers';
import { makePortfolio } from './common';

describe('portfolio order', () => {
  it('numbers the projects upstreams first, the smallest first among the ready; --json the list; none: nothing, null', async () => {
    const p = await project();
    const pf = await makePortfolio(p, ['a', 'b', 'c', 'd']);
    const [a, b, c, d] = pf.dirs as [string, string, string, string];
    expect(await p.ic(['portfolio', 'order', pf.id])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await p.ic(['--json', 'portfolio', 'order', pf.id])).toEqual({ code: 0, stdout: 'null\n', stderr: '' });
    // d → b, c → b, b → a: d and c ready first (c smaller), then d, b, a.
    for (const [up, down] of [
      [d, b],
      [c, b],
      [b, a],
    ])
      expect((await p.ic(['portfolio', 'dep', 'add', pf.id, `--upstream=${up}`, `--downstream=${down}`])).code).toBe(0);
    expect(await p.ic(['portfolio', 'order', pf.id])).toEqual({ code: 0, stdout: `1\t${c}\n2\t${d}\n3\t${b}\n4\t${a}\n`, stderr: '' });
    expect(await p.ic(['--json', 'portfolio', 'order', pf.id])).toEqual({
      code: 0,
      stdout: `${JSON.stringify([c, d, b, a])}\n`,
      stderr: '',
    });
  });

  it('a cycle another program wrote: exit 2, one line', async () => {
    const p = await project();
    const pf = await makePortfolio(p, ['a', 'b']);
    const ins = p.db().prepare('INSERT INTO project_deps (portfolio_run_id, upstream_project, downstream_project) VALUES (?, ?, ?)');
    ins.run(pf.id, '/a', '/b');
    ins.run(pf.id, '/b', '/a');
    expect(await p.ic(['portfolio', 'order', pf.id])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ic: portfolio order: topo sort: cycle detected (2 nodes, 0 sorted)\n',
    });
  });
});
