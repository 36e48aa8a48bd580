import { describe, expect, it } from 'vitest';
import { project } from '../../helpers';
import { makePortfolio } from './common';

const row = (project: string, phase: string, status: string, ready: string, blocked = '') =>
  `${project.padEnd(40)} ${phase.padEnd(20)} ${status.padEnd(12)} ${ready.padEnd(6)} ${blocked}\n`;
const HEADER = row('PROJECT', 'PHASE', 'STATUS', 'READY', 'BLOCKED BY');

describe('portfolio status', () => {
  it('shows each child with its phase and status, ready unless an upstream still going is behind its phase', async () => {
    const p = await project();
    const pf = await makePortfolio(p, ['a', 'b', 'c']);
    const [a, b, c] = pf.dirs as [string, string, string];
    const [ca, cb] = pf.children as [string, string, string];
    await p.ic(['portfolio', 'dep', 'add', pf.id, `--upstream=${a}`, `--downstream=${b}`]);
    await p.ic(['portfolio', 'dep', 'add', pf.id, `--upstream=${a}`, `--downstream=${c}`]);
    // b moves ahead of a (gates off): b is blocked by a; c (at brainstorm, as a) is ready.
    expect((await p.ic(['run', 'advance', cb, '--disable-gates'])).code).toBe(0);
    expect(await p.ic(['portfolio', 'status', pf.id])).toEqual({
      code: 0,
      stdout:
        HEADER +
        row(a, 'brainstorm', 'active', 'yes') +
        row(b, 'brainstorm-reviewed', 'active', 'no', `${a} (at brainstorm)`) +
        row(c, 'brainstorm', 'active', 'yes'),
      stderr: '',
    });
    expect(JSON.parse((await p.ic(['--json', 'portfolio', 'status', pf.id])).stdout)).toEqual([
      { project: a, phase: 'brainstorm', status: 'active', ready: true },
      { project: b, phase: 'brainstorm-reviewed', status: 'active', ready: false, blocked_by: [`${a} (at brainstorm)`] },
      { project: c, phase: 'brainstorm', status: 'active', ready: true },
    ]);
    // A cancelled upstream blocks nothing.
    await p.ic(['run', 'cancel', ca]);
    expect((await p.ic(['--json', 'portfolio', 'status', pf.id])).stdout).toBe(
      `[{"project":"${a}","phase":"brainstorm","status":"cancelled","ready":true},{"project":"${b}","phase":"brainstorm-reviewed","status":"active","ready":true},{"project":"${c}","phase":"brainstorm","status":"active","ready":true}]\n`,
    );
  });

  it('a run without children: the header alone, --json null', async () => {
    const p = await project();
    expect(await p.ic(['portfolio', 'status', 'nosuch'])).toEqual({ code: 0, stdout: HEADER, stderr: '' });
    expect(await p.ic(['--json', 'portfolio', 'status', 'nosuch'])).toEqual({ code: 0, stdout: 'null\n', stderr: '' });
  });
});
