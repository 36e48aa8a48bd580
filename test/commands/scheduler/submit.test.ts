import { describe, expect, it } from 'vitest';
import { job, schedulerProject, submit } from './common';

describe('scheduler submit', () => {
  it('queues a pending job with Go-shaped, absolute spawn options and prints its 32-hex id', async () => {
    const p = await schedulerProject();
    const id = await submit(p, '--session=s1', '--name=rev', '--type=claude', '--priority=1');
    expect(id).toMatch(/^[0-9a-f]{32}$/);
    expect(job(p, id)).toMatchObject({
      status: 'pending',
      priority: 1,
      agent_type: 'claude',
      session_name: 's1',
      dispatch_id: null,
      max_retries: 3,
      retry_count: 0,
      started_at: null,
      completed_at: null,
    });
    expect(JSON.parse(job(p, id).spawn_opts as string)).toEqual({
      agent_type: 'claude',
      name: 'rev',
      project_dir: p.dir,
      prompt_file: p.prompt,
    });
    const json = await p.ic(['--json', 'scheduler', 'submit', '--prompt-file=prompt.md']);
    const { id: id2 } = JSON.parse(json.stdout) as { id: string };
    expect(json).toEqual({ code: 0, stdout: `{"id":"${id2}","status":"pending"}\n`, stderr: '' });
    expect(job(p, id2)).toMatchObject({ priority: 2, agent_type: 'codex', session_name: null });
  });

  it('refuses a missing flag (3) and a prompt or project that cannot serve (2), writing nothing', async () => {
    const p = await schedulerProject();
    expect(await p.ic(['scheduler', 'submit'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: scheduler submit: --prompt-file is required\n',
    });
    expect(await p.ic(['scheduler', 'submit', '--prompt-file=nope.md'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ic: scheduler submit: --prompt-file nope.md: no such file or directory\n',
    });
    expect((await p.ic(['scheduler', 'submit', '--prompt-file=prompt.md', '--project=nodir'])).code).toBe(2);
    expect((await p.ic(['scheduler', 'submit', '--prompt-file=prompt.md', '--priority=x'])).code).toBe(3);
    expect(p.db().prepare('SELECT count(*) AS n FROM scheduler_jobs').get()).toEqual({ n: 0 });
  });
});
