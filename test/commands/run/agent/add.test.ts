import { describe, expect, it } from 'vitest';
import { project } from '../../../helpers';
import { agents, fixtureRun } from '../common';

describe('run agent', () => {
  it('add: defaults to type claude, status active; prints the ID', async () => {
    const p = await project();
    fixtureRun(p, 'run00001');
    const r = await p.ic(['run', 'agent', 'add', 'run00001', '--name=reviewer', '--dispatch-id=disp0001']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/^[a-z0-9]{8}\n$/);
    expect(agents(p)).toEqual([
      { id: r.stdout.trim(), run_id: 'run00001', agent_type: 'claude', name: 'reviewer', status: 'active', dispatch_id: 'disp0001' },
    ]);
    const j = await p.ic(['--json', 'run', 'agent', 'add', 'run00001', '--type=codex']);
    expect(j.stdout).toMatch(/^\{"id":"[a-z0-9]{8}"\}\n$/);
  });

  it('add with a bad run id: the foreign key says run not found (exit 1), nothing written', async () => {
    const p = await project();
    expect(await p.ic(['run', 'agent', 'add', 'nosuchrun', '--name=x'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'ic: run agent add: run not found\n',
    });
    expect(agents(p)).toEqual([]);
  });
});
