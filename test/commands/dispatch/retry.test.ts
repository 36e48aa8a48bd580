import { describe, expect, it } from 'vitest';
import { type Project, project } from '../../helpers';

/** A dispatch inserted directly, with the configuration a retry copies. */
function insert(p: Project, id: string, status: string, extra: Record<string, unknown> = {}): void {
  const row = {
    id,
    status,
    agent_type: 'claude',
    project_dir: p.dir,
    prompt_file: `${p.dir}/prompt.md`,
    prompt_hash: 'abcdef0123456789',
    output_file: `${p.dir}/out.md`,
    verdict_file: `${p.dir}/out.md.verdict`,
    name: 'rev',
    model: 'sonnet',
    sandbox: 'read-only',
    sandbox_spec: '{"net":false}',
    timeout_sec: 300,
    scope_id: 'run00001',
    parent_id: 'p1',
    base_repo_commit: 'a'.repeat(40),
    pid: 4242,
    exit_code: 1,
    spawn_depth: 2,
    ...extra,
  };
  const cols = Object.keys(row);
  p.db()
    .prepare(`INSERT INTO dispatches (${cols.join(', ')}) VALUES (${cols.map((c) => `@${c}`).join(', ')})`)
    .run(row);
}

const LINEAGE =
  'SELECT status, agent_type, project_dir, prompt_file, prompt_hash, output_file, verdict_file, name, model, sandbox, sandbox_spec, ' +
  'timeout_sec, scope_id, parent_id, base_repo_commit, pid, exit_code, retry_count, spawn_depth, parent_dispatch_id FROM dispatches WHERE id = ?';
const count = (p: Project, table: string) => (p.db().prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;

describe('dispatch retry', () => {
  it("records a spawned retry with the original's configuration, the next attempt and the original as parent; nothing started", async () => {
    const p = await project();
    insert(p, 'orig0001', 'failed');
    const r = await p.ic(['dispatch', 'retry', 'orig0001']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/^[a-z0-9]{8}\tattempt=1\tbackoff_ms=5000\n$/);
    const id = r.stdout.split('\t')[0]!;
    expect(p.db().prepare(LINEAGE).get(id)).toEqual({
      status: 'spawned',
      agent_type: 'claude',
      project_dir: p.dir,
      prompt_file: `${p.dir}/prompt.md`,
      prompt_hash: 'abcdef0123456789',
      output_file: null,
      verdict_file: null,
      name: 'rev',
      model: 'sonnet',
      sandbox: 'read-only',
      sandbox_spec: '{"net":false}',
      timeout_sec: 300,
      scope_id: 'run00001',
      parent_id: 'p1',
      base_repo_commit: null,
      pid: null,
      exit_code: null,
      retry_count: 1,
      spawn_depth: 2,
      parent_dispatch_id: 'orig0001',
    });
    // The original is untouched, and a record made is no status change: no event.
    expect(p.db().prepare('SELECT status, retry_count FROM dispatches WHERE id = ?').get('orig0001')).toEqual({
      status: 'failed',
      retry_count: 0,
    });
    expect(count(p, 'dispatch_events')).toBe(0);
  });

  it('--json; a timed-out dispatch is retried; the backoff doubles per attempt; the 4th retry of a chain is refused', async () => {
    const p = await project();
    insert(p, 'orig0001', 'timeout');
    let id = 'orig0001';
    for (const [attempt, backoff] of [
      [1, 5000],
      [2, 10000],
      [3, 20000],
    ] as const) {
      const r = await p.ic(['--json', 'dispatch', 'retry', id]);
      expect(r).toMatchObject({ code: 0, stderr: '' });
      const out = JSON.parse(r.stdout) as { new_id: string };
      expect(r.stdout).toBe(`{"attempt":${attempt},"backoff_ms":${backoff},"new_id":"${out.new_id}"}\n`);
      expect(p.db().prepare('SELECT retry_count, parent_dispatch_id FROM dispatches WHERE id = ?').get(out.new_id)).toEqual({
        retry_count: attempt,
        parent_dispatch_id: id,
      });
      id = out.new_id;
      p.db().prepare("UPDATE dispatches SET status = 'failed' WHERE id = ?").run(id);
    }
    expect(await p.ic(['dispatch', 'retry', id])).toEqual({
      code: 2,
      stdout: '',
      stderr: `ic: dispatch retry: max retries (3) exceeded for dispatch ${id}\n`,
    });
    expect(count(p, 'dispatches')).toBe(4);
  });

  it('refusals: an active, completed or cancelled dispatch and an unknown id exit 2; no id, an unknown flag exit 3; nothing written', async () => {
    const p = await project();
    for (const status of ['spawned', 'running', 'completed', 'cancelled']) {
      insert(p, `d${status.slice(0, 7).padEnd(7, '0')}`, status);
      expect(await p.ic(['dispatch', 'retry', `d${status.slice(0, 7).padEnd(7, '0')}`])).toEqual({
        code: 2,
        stdout: '',
        stderr: `ic: dispatch retry: dispatch d${status.slice(0, 7).padEnd(7, '0')} is not retryable (status=${status}): only a failed or timed-out dispatch is retried\n`,
      });
    }
    expect(await p.ic(['--json', 'dispatch', 'retry', 'nope'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ic: dispatch retry: not found: nope\n',
    });
    expect(await p.ic(['dispatch', 'retry'])).toMatchObject({ code: 3, stdout: '' });
    insert(p, 'failed01', 'failed');
    const r = await p.ic(['dispatch', 'retry', 'failed01', '--escalate']);
    expect(r).toMatchObject({ code: 3, stdout: '' });
    expect(r.stderr).toMatch(/^ic: dispatch retry: unknown flag --escalate/);
    expect(count(p, 'dispatches')).toBe(5);
  });
});
