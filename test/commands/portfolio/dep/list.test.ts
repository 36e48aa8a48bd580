import { describe, expect, it } from 'vitest';
import { project } from '../../../helpers';
import { makePortfolio } from '../common';

describe('portfolio dep list', () => {
  it('lists the edges oldest first: upstream → downstream, --json as Go (created_at, downstream, upstream); none: nothing, []', async () => {
    const p = await project();
    const pf = await makePortfolio(p, ['a', 'b', 'c']);
    const [a, b, c] = pf.dirs as [string, string, string];
    expect(await p.ic(['portfolio', 'dep', 'list', pf.id])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await p.ic(['--json', 'portfolio', 'dep', 'list', pf.id])).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
    await p.ic(['portfolio', 'dep', 'add', pf.id, `--upstream=${b}`, `--downstream=${c}`]);
    await p.ic(['portfolio', 'dep', 'add', pf.id, `--upstream=${a}`, `--downstream=${b}`]);
    expect(await p.ic(['portfolio', 'dep', 'list', pf.id])).toEqual({ code: 0, stdout: `${b} → ${c}\n${a} → ${b}\n`, stderr: '' });
    const times = p.db().prepare('SELECT created_at FROM project_deps ORDER BY id').pluck().all() as number[];
    expect(await p.ic(['--json', 'portfolio', 'dep', 'list', pf.id])).toEqual({
      code: 0,
      stdout: `[{"created_at":${times[0]},"downstream":"${c}","upstream":"${b}"},{"created_at":${times[1]},"downstream":"${b}","upstream":"${a}"}]\n`,
      stderr: '',
    });
    // An unknown portfolio has no edges (as in Go: no error).
    expect(await p.ic(['--json', 'portfolio', 'dep', 'list', 'nosuch'])).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
  });
});
