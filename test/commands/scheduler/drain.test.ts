import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { waitFor } from '../dispatch/common';
import { job, schedule, schedulerProject, submit } from './common';

const dispatchRow = (p: Awaited<ReturnType<typeof schedulerProject>>, id: string) =>
  p.db().prepare('SELECT * FROM dispatches WHERE id = ?').get(id) as Record<string, unknown>;

describe('scheduler drain', () => {
  it("spawns queued jobs by priority then age, each once, recording the job's dispatch", async () => {
    const p = await schedulerProject();
    const a = await schedule(p, 'silent', `--output=${p.dir}/a.md`, '--sandbox-spec={"net":false}');
    const b = await schedule(p, 'silent', `--output=${p.dir}/b.md`);
    p.db().prepare('UPDATE scheduler_jobs SET priority = 1 WHERE id = ?').run(b);
    const c = await schedule(p, 'silent', `--output=${p.dir}/c.md`);
    p.db().prepare('UPDATE scheduler_jobs SET created_at = created_at - 10 WHERE id = ?').run(a);
    const r = await p.ic(['scheduler', 'drain', '--interval=0s']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const lines = r.stdout
      .trimEnd()
      .split('\n')
      .map((l) => l.split('\t'));
    expect(lines.map((l) => l.slice(0, 2))).toEqual([
      [b, 'completed'],
      [a, 'completed'],
      [c, 'completed'],
    ]);
    for (const [id, , dispatch] of lines) {
      expect(job(p, id!)).toMatchObject({ status: 'completed', dispatch_id: dispatch, retry_count: 0, error_msg: null });
      expect(dispatchRow(p, dispatch!)).toMatchObject({ status: 'running', pid: expect.any(Number) });
    }
    expect(dispatchRow(p, lines[1]![2]!).sandbox_spec).toBe('{"net":false}');
    for (const out of ['a', 'b', 'c']) await waitFor(() => existsSync(join(p.dir, `${out}.md.args`)));
    // Nothing left to do: an empty drain.
    expect(await p.ic(['--json', 'scheduler', 'drain'])).toEqual({ code: 0, stdout: '{"jobs":[],"paused":false}\n', stderr: '' });
  });

  it('spawns nothing while paused (exit 1), and at most --max jobs', async () => {
    const p = await schedulerProject();
    await schedule(p, 'silent', `--output=${p.dir}/a.md`);
    await schedule(p, 'silent', `--output=${p.dir}/b.md`);
    await p.ic(['scheduler', 'pause']);
    expect(await p.ic(['--json', 'scheduler', 'drain'])).toEqual({ code: 1, stdout: '{"jobs":[],"paused":true}\n', stderr: '' });
    expect(await p.ic(['--verbose', 'scheduler', 'drain'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'ic: scheduler drain: the scheduler is paused (scheduler resume)\n',
    });
    await p.ic(['scheduler', 'resume']);
    const r = await p.ic(['--json', 'scheduler', 'drain', '--max=1']);
    expect((JSON.parse(r.stdout) as { jobs: unknown[] }).jobs).toHaveLength(1);
    expect(p.db().prepare("SELECT count(*) AS n FROM scheduler_jobs WHERE status = 'pending'").get()).toEqual({ n: 1 });
    await waitFor(() => existsSync(join(p.dir, 'a.md.args')));
  });

  it('retries a job whose spawn fails in later drains, and fails it after max_retries + 1 attempts', async () => {
    const p = await schedulerProject();
    const id = await submit(p);
    rmSync(p.prompt);
    for (let attempt = 1; attempt <= 4; attempt++) {
      const r = await p.ic(['scheduler', 'drain']);
      const status = attempt < 4 ? 'pending' : 'failed';
      expect(r).toEqual({
        code: 0,
        stdout: `${id}\t${status}\tcannot read prompt file ${p.prompt}: no such file\n`,
        stderr: '',
      });
      expect(job(p, id)).toMatchObject({ status, retry_count: Math.min(attempt, 3), dispatch_id: null });
    }
    expect(job(p, id).completed_at).toEqual(expect.any(Number));
    expect(p.db().prepare('SELECT count(*) AS n FROM dispatches').get()).toEqual({ n: 0 });
  });

  it('records a failed dispatch when the agent cannot start, and requeues the job', async () => {
    const p = await schedulerProject();
    const id = await schedule(p, 'silent', `--output=${p.dir}/a.md`);
    p.db()
      .prepare('UPDATE scheduler_jobs SET spawn_opts = json_set(spawn_opts, ?, ?) WHERE id = ?')
      .run('$.ProjectDir', join(p.dir, 'gone'), id);
    const r = await p.ic(['--json', 'scheduler', 'drain']);
    const out = JSON.parse(r.stdout) as { jobs: { id: string; status: string; error: string }[] };
    expect(out.jobs).toEqual([{ id, status: 'pending', error: expect.stringMatching(/^cannot start the agent: /) }]);
    const d = dispatchRow(p, job(p, id).dispatch_id as string);
    expect(d).toMatchObject({ status: 'failed', pid: null, error_message: expect.stringMatching(/^cannot start the agent/) });
    expect(job(p, id)).toMatchObject({ status: 'pending', retry_count: 1, started_at: null });
  });

  it('returns a claim abandoned by a killed drain to the queue, failing its never-started dispatch, then spawns it once', async () => {
    const p = await schedulerProject();
    const id = await schedule(p, 'silent', `--output=${p.dir}/a.md`);
    const db = p.db();
    db.prepare("INSERT INTO dispatches (id, project_dir, status, created_at) VALUES ('abandon1', ?, 'spawned', 1700000000)").run(p.dir);
    db.prepare("UPDATE scheduler_jobs SET status = 'running', dispatch_id = 'abandon1', started_at = 1700000000 WHERE id = ?").run(id);
    // A fresh claim (another drain at work) is left alone.
    const fresh = await schedule(p, 'silent', `--output=${p.dir}/b.md`);
    const now = Math.floor(Date.now() / 1000);
    db.prepare("INSERT INTO dispatches (id, project_dir, status, created_at) VALUES ('working1', ?, 'spawned', ?)").run(p.dir, now);
    db.prepare("UPDATE scheduler_jobs SET status = 'running', dispatch_id = 'working1', started_at = ? WHERE id = ?").run(now, fresh);
    const r = await p.ic(['scheduler', 'drain', '--reclaim-after=1h']);
    expect(r.stdout).toMatch(new RegExp(`^${id}\tcompleted\t[a-z0-9]{8}\n$`));
    expect(dispatchRow(p, 'abandon1')).toMatchObject({ status: 'failed', error_message: expect.stringMatching(/interrupted/) });
    expect(db.prepare("SELECT to_status FROM dispatch_events WHERE dispatch_id = 'abandon1'").all()).toEqual([{ to_status: 'failed' }]);
    expect(job(p, fresh)).toMatchObject({ status: 'running', dispatch_id: 'working1' });
    await waitFor(() => existsSync(join(p.dir, 'a.md.args')));
  });

  it('spawns at most 3 of a session at once across drains', async () => {
    const p = await schedulerProject();
    const now = Math.floor(Date.now() / 1000);
    const db = p.db();
    for (let i = 0; i < 3; i++) {
      const id = await schedule(p, 'silent', '--scheduler-session=busy', '--type=claude');
      db.prepare("INSERT INTO dispatches (id, project_dir, status, created_at) VALUES (?, ?, 'spawned', ?)").run(`busy000${i}`, p.dir, now);
      db.prepare("UPDATE scheduler_jobs SET status = 'running', dispatch_id = ?, started_at = ? WHERE id = ?").run(`busy000${i}`, now, id);
    }
    const waiting = await schedule(p, 'silent', '--scheduler-session=busy', '--type=claude');
    const other = await schedule(p, 'silent', '--scheduler-session=calm', '--type=claude', `--output=${p.dir}/calm.md`);
    const r = await p.ic(['scheduler', 'drain']);
    expect(r.stdout).toMatch(new RegExp(`^${other}\tcompleted\t`));
    expect(job(p, waiting)).toMatchObject({ status: 'pending' });
    await waitFor(() => existsSync(join(p.dir, 'calm.md.args')));
  });
});
