import { describe, expect, it } from 'vitest';
import { project } from '../../../helpers';
import { agents, fixtureRun } from '../common';

describe('run agent', () => {
  it('update: both forms; not found; another run; bad or missing status', async () => {
    const p = await project();
    fixtureRun(p, 'run00001');
    fixtureRun(p, 'run00002');
    const a = (await p.ic(['run', 'agent', 'add', 'run00001'])).stdout.trim();
    expect(await p.ic(['run', 'agent', 'update', 'run00001', a, '--status=completed'])).toEqual({
      code: 0,
      stdout: 'updated\n',
      stderr: '',
    });
    expect(agents(p)).toMatchObject([{ status: 'completed' }]);
    expect(await p.ic(['run', 'agent', 'update', a, '--status=failed'])).toEqual({ code: 0, stdout: 'updated\n', stderr: '' });
    expect(agents(p)).toMatchObject([{ status: 'failed' }]);
    expect(await p.ic(['run', 'agent', 'update', 'nosuchid', '--status=active'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'ic: run agent update: agent not found: nosuchid\n',
    });
    expect(await p.ic(['run', 'agent', 'update', 'run00002', a, '--status=active'])).toEqual({
      code: 1,
      stdout: '',
      stderr: `ic: run agent update: agent not found: ${a}\n`,
    });
    expect(await p.ic(['run', 'agent', 'update', a, '--status=done'])).toMatchObject({ code: 3, stdout: '' });
    expect(await p.ic(['run', 'agent', 'update', a])).toMatchObject({ code: 3, stdout: '' });
    expect(agents(p)).toMatchObject([{ status: 'failed' }]);
  });
});

describe('run agent update --json', () => {
  it('how many agents it updated', async () => {
    const p = await project();
    fixtureRun(p, 'run00001');
    const a = (await p.ic(['run', 'agent', 'add', 'run00001'])).stdout.trim();
    expect(await p.ic(['--json', 'run', 'agent', 'update', a, '--status=completed'])).toEqual({
      code: 0,
      stdout: '{"updated":1}\n',
      stderr: '',
    });
  });
});
