import { describe, expect, it } from 'vitest';
import { project } from '../../../helpers';
import { snapshot } from '../../../hardening/common';
import { depRows, makePortfolio } from '../common';

describe('portfolio dep add', () => {
  it('adds an edge between two children (paths made absolute) and prints added, with or without --json', async () => {
    const p = await project();
    const pf = await makePortfolio(p, ['a', 'b', 'c']);
    const [a, b, c] = pf.dirs as [string, string, string];
    expect(await p.ic(['portfolio', 'dep', 'add', pf.id, '--upstream=a', `--downstream=${b}`])).toEqual({
      code: 0,
      stdout: 'added\n',
      stderr: '',
    });
    expect(await p.ic(['--json', 'portfolio', 'dep', 'add', pf.id, `--upstream=${a}/`, '--downstream=./x/../c'])).toEqual({
      code: 0,
      stdout: 'added\n',
      stderr: '',
    });
    // A diamond is no cycle.
    expect((await p.ic(['portfolio', 'dep', 'add', pf.id, `--upstream=${b}`, `--downstream=${c}`])).code).toBe(0);
    expect(depRows(p)).toEqual([
      { portfolio_run_id: pf.id, upstream_project: a, downstream_project: b },
      { portfolio_run_id: pf.id, upstream_project: a, downstream_project: c },
      { portfolio_run_id: pf.id, upstream_project: b, downstream_project: c },
    ]);
  });

  it('refuses a cycle, the same project twice, a duplicate, an unknown portfolio or project, a run that is no portfolio: exit 2, one line, nothing written', async () => {
    const p = await project();
    const pf = await makePortfolio(p, ['a', 'b', 'c']);
    const [a, b, c] = pf.dirs as [string, string, string];
    const single = (await p.ic(['run', 'create', '--goal=solo'])).stdout.trim();
    await p.ic(['portfolio', 'dep', 'add', pf.id, `--upstream=${a}`, `--downstream=${b}`]);
    await p.ic(['portfolio', 'dep', 'add', pf.id, `--upstream=${b}`, `--downstream=${c}`]);
    const before = snapshot(p.db());
    const add = (id: string, up: string, down: string) => p.ic(['portfolio', 'dep', 'add', id, `--upstream=${up}`, `--downstream=${down}`]);
    const refused = (msg: string) => ({ code: 2, stdout: '', stderr: `ic: portfolio dep add: add dep: ${msg}\n` });
    expect(await add(pf.id, b, a)).toEqual(refused(`cycle detected: adding ${b} → ${a} would create a cycle`));
    // Through two edges.
    expect(await add(pf.id, c, a)).toEqual(refused(`cycle detected: adding ${c} → ${a} would create a cycle`));
    expect(await add(pf.id, a, `${a}/.`)).toEqual(refused('upstream and downstream cannot be the same project'));
    expect(await add(pf.id, a, b)).toEqual(refused(`${a} → ${b} already exists`));
    expect(await add('nosuch', a, b)).toEqual(refused('portfolio run not found: nosuch'));
    expect(await add(pf.id, a, '/elsewhere/d')).toEqual(refused(`project /elsewhere/d has no run in portfolio ${pf.id}`));
    expect(await add(pf.children[0]!, a, b)).toEqual(refused(`run ${pf.children[0]} is not a portfolio run (it has project ${a})`));
    expect(await add(single, a, b)).toEqual(refused(`run ${single} is not a portfolio run (it has project ${p.dir})`));
    expect(snapshot(p.db())).toBe(before);
  });

  it('usage: the portfolio, --upstream and --downstream are required (exit 3)', async () => {
    const p = await project();
    expect(await p.ic(['portfolio', 'dep', 'add', '--upstream=/a', '--downstream=/b'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: portfolio dep add: missing argument <portfolio_id> (see: ic portfolio dep add --help)\n',
    });
    expect(await p.ic(['portfolio', 'dep', 'add', 'x', '--downstream=/b'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: portfolio dep add: --upstream is required\n',
    });
    expect(await p.ic(['portfolio', 'dep', 'add', 'x', '--upstream=/a'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: portfolio dep add: --downstream is required\n',
    });
  });
});
