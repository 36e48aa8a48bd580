import { describe, expect, it } from 'vitest';
import { project } from '../../../helpers';
import { fixtureRun } from '../common';

describe('run artifact', () => {
  it('add, list all, list by phase, --json; phase and path required; missing run', async () => {
    const p = await project();
    fixtureRun(p, 'run00001');
    const f1 = (await p.ic(['run', 'artifact', 'add', 'run00001', '--phase=brainstorm', '--path=docs/b.md'])).stdout.trim();
    const f2 = (await p.ic(['run', 'artifact', 'add', 'run00001', '--phase=planned', '--path=docs/plan.md', '--type=plan'])).stdout.trim();
    expect(f1).toMatch(/^[a-z0-9]{8}$/);
    p.db().prepare('UPDATE run_artifacts SET created_at = 9').run();
    expect(await p.ic(['run', 'artifact', 'list', 'run00001'])).toEqual({
      code: 0,
      stdout: `${f1}\tbrainstorm\tfile\tdocs/b.md\n${f2}\tplanned\tplan\tdocs/plan.md\n`,
      stderr: '',
    });
    expect(await p.ic(['run', 'artifact', 'list', 'run00001', '--phase=planned'])).toEqual({
      code: 0,
      stdout: `${f2}\tplanned\tplan\tdocs/plan.md\n`,
      stderr: '',
    });
    expect((await p.ic(['--json', 'run', 'artifact', 'list', 'run00001', '--phase=brainstorm'])).stdout).toBe(
      `[{"created_at":9,"id":"${f1}","path":"docs/b.md","phase":"brainstorm","run_id":"run00001","type":"file"}]\n`,
    );
    expect(await p.ic(['run', 'artifact', 'add', 'run00001', '--path=x'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: run artifact add: --phase is required\n',
    });
    expect(await p.ic(['run', 'artifact', 'add', 'run00001', '--phase=x'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: run artifact add: --path is required\n',
    });
    expect(await p.ic(['run', 'artifact', 'add', 'nosuchrun', '--phase=x', '--path=y'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'ic: run artifact add: run not found\n',
    });
    expect(p.db().prepare('SELECT count(*) AS n FROM run_artifacts').get()).toEqual({ n: 2 });
  });
});
