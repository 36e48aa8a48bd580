import { describe, expect, it } from 'vitest';
import { project } from '../../../helpers';
import { fixtureRun } from '../common';

describe('run agent', () => {
  it('list: empty, then several oldest first; --json omits nulls', async () => {
    const p = await project();
    fixtureRun(p, 'run00001');
    expect(await p.ic(['run', 'agent', 'list', 'run00001'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await p.ic(['--json', 'run', 'agent', 'list', 'run00001'])).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
    const a1 = (await p.ic(['run', 'agent', 'add', 'run00001', '--name=one'])).stdout.trim();
    const a2 = (await p.ic(['run', 'agent', 'add', 'run00001', '--type=codex'])).stdout.trim();
    p.db().prepare('UPDATE run_agents SET created_at = 5, updated_at = 6').run();
    expect(await p.ic(['run', 'agent', 'list', 'run00001'])).toEqual({
      code: 0,
      stdout: `${a1}\tclaude\tactive\tone\n${a2}\tcodex\tactive\t\n`,
      stderr: '',
    });
    expect((await p.ic(['--json', 'run', 'agent', 'list', 'run00001'])).stdout).toBe(
      `[{"agent_type":"claude","created_at":5,"id":"${a1}","name":"one","run_id":"run00001","status":"active","updated_at":6},` +
        `{"agent_type":"codex","created_at":5,"id":"${a2}","run_id":"run00001","status":"active","updated_at":6}]\n`,
    );
    expect(await p.ic(['run', 'agent', 'list', 'nosuchrun'])).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});
