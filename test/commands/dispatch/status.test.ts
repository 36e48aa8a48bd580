import { describe, expect, it } from 'vitest';
import { dispatchProject, row, spawnWith } from './common';

describe('dispatch poll and wait', () => {
  it('--json: sorted keys, in_tokens/out_tokens, nulls omitted', async () => {
    const p = await dispatchProject();
    const id = await spawnWith(p, 'pass');
    await p.ic(['dispatch', 'wait', id, '--poll=50ms', '--timeout=20s']);
    p.db().prepare('UPDATE dispatches SET created_at = 1, started_at = 2, completed_at = 3 WHERE id = ?').run(id);
    const pid = row(p, id).pid as number;
    expect((await p.ic(['--json', 'dispatch', 'status', id])).stdout).toBe(
      `{"agent_type":"codex","commands":0,"completed_at":3,"created_at":1,"exit_code":0,"id":"${id}","in_tokens":12,"messages":0,` +
        `"out_tokens":34,"output_file":"${p.dir}/out-pass.md","pid":${pid},"project_dir":"${p.dir}","prompt_file":"${p.prompt}",` +
        `"started_at":2,"status":"completed","turns":0,"verdict_status":"pass","verdict_summary":"looks good"}\n`,
    );
  });

  it('unknown IDs exit 1 with not found', async () => {
    const p = await dispatchProject();
    for (const cmd of ['status', 'poll', 'wait', 'kill']) {
      expect(await p.ic(['dispatch', cmd, 'nosuchid'])).toEqual({
        code: 1,
        stdout: '',
        stderr: `ic: dispatch ${cmd}: not found: nosuchid\n`,
      });
    }
  });
});
