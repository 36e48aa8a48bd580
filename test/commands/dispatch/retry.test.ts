import { readFileSync, statSync, writeFileSync } from 'node:fs';
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
    // dispatch status --json shows the lineage (sorted keys; the base commit, conflict and quarantine columns only when set).
    const shown = JSON.parse((await p.ic(['--json', 'dispatch', 'status', id])).stdout) as Record<string, unknown>;
    expect(shown).toMatchObject({ parent_dispatch_id: 'orig0001', retry_count: 1, spawn_depth: 2 });
    expect(Object.keys(shown)).toEqual([...Object.keys(shown)].sort());
    expect(shown).not.toHaveProperty('base_repo_commit');
    p.db()
      .prepare("UPDATE dispatches SET conflict_type = 'write_write', quarantine_reason = 'q', spawn_depth = 0 WHERE id = 'orig0001'")
      .run();
    const list = JSON.parse((await p.ic(['--json', 'dispatch', 'list'])).stdout) as Record<string, unknown>[];
    expect(list.find((d) => d.id === 'orig0001')).toMatchObject({
      base_repo_commit: 'a'.repeat(40),
      conflict_type: 'write_write',
      quarantine_reason: 'q',
    });
    expect(list.find((d) => d.id === 'orig0001')).not.toHaveProperty('spawn_depth');
    expect(list.find((d) => d.id === 'orig0001')).not.toHaveProperty('parent_dispatch_id');
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
    const r = await p.ic(['dispatch', 'retry', 'failed01', '--bogus']);
    expect(r).toMatchObject({ code: 3, stdout: '' });
    expect(r.stderr).toMatch(/^ic: dispatch retry: unknown flag --bogus/);
    expect(count(p, 'dispatches')).toBe(5);
  });
});

describe('dispatch retry --escalate', () => {
  it('walks the ladder (two strikes a rung), keeps the chain state, writes lessons 0600, records the step up; exhausted exit 1, then exit 2', async () => {
    const p = await project();
    writeFileSync(`${p.dir}/prompt.md`, 'do it\n');
    writeFileSync(`${p.dir}/out.md`, 'l1\nl2\n');
    writeFileSync(`${p.dir}/out.md.verdict`, 'STATUS: fail\n');
    insert(p, 'orig0001', 'completed', { spawn_depth: 0 });
    const step = (id: string, n: number, json = false) =>
      p.ic([
        ...(json ? ['--json'] : []),
        'dispatch',
        'retry',
        id,
        '--escalate',
        '--chain-key=bead-1',
        '--failure-mode=verdict-fail',
        `--failure-detail=bad ${n}`,
      ]);
    const ids = ['orig0001'];
    for (const [n, model, escalated, backoff] of [
      [1, 'sonnet', false, 5000],
      [2, 'opus', true, 10000],
      [3, 'opus', false, 20000],
    ] as const) {
      const r = await step(ids.at(-1)!, n);
      expect(r).toMatchObject({ code: 0, stderr: '' });
      const id = r.stdout.split('\t')[0]!;
      expect(r.stdout).toBe(`${id}\tmodel=${model}\tescalated=${escalated}\tbackoff_ms=${backoff}\n`);
      ids.push(id);
    }
    const rows = p
      .db()
      .prepare('SELECT id, model, retry_count, parent_dispatch_id, prompt_file, prompt_hash FROM dispatches ORDER BY rowid')
      .all();
    expect(rows.slice(1)).toEqual([
      {
        id: ids[1],
        model: 'sonnet',
        retry_count: 1,
        parent_dispatch_id: ids[0],
        prompt_file: `${p.dir}/prompt.md.retry1`,
        prompt_hash: null,
      },
      {
        id: ids[2],
        model: 'opus',
        retry_count: 2,
        parent_dispatch_id: ids[1],
        prompt_file: `${p.dir}/prompt.md.retry1.retry2`,
        prompt_hash: null,
      },
      {
        id: ids[3],
        model: 'opus',
        retry_count: 3,
        parent_dispatch_id: ids[2],
        prompt_file: `${p.dir}/prompt.md.retry1.retry2.retry3`,
        prompt_hash: null,
      },
    ]);
    // The first lesson quotes the original's verdict and output; every lesson file is 0600.
    expect(readFileSync(`${p.dir}/prompt.md.retry1`, 'utf8')).toBe(
      'do it\n\n\n## Prior attempt lesson (do not repeat these failures)\n- attempt 1 (sonnet): verdict-fail: bad 1\n' +
        '\n### Last verdict\n```\nSTATUS: fail\n\n```\n\n### Last output (tail)\n```\nl1\nl2\n\n```\n',
    );
    expect(statSync(`${p.dir}/prompt.md.retry1`).mode & 0o777).toBe(0o600);
    expect(
      p
        .db()
        .prepare(
          'SELECT agent, selected_model, rule_matched, floor_applied, floor_from, floor_to, context_json, dispatch_id FROM routing_decisions',
        )
        .all(),
    ).toEqual([
      {
        agent: 'rev',
        selected_model: 'opus',
        rule_matched: 'escalation',
        floor_applied: 1,
        floor_from: 'sonnet',
        floor_to: 'opus',
        context_json: '{"chain_key":"bead-1","failure_mode":"verdict-fail","attempt":2}',
        dispatch_id: ids[2],
      },
    ]);
    // The 4th failure, the 2nd at opus, finds fable closed: exhausted, no retry, the hand-off written.
    const lesson = `${p.dir}/escalation-chain-bead-1.md`;
    const error = 'escalate: ladder exhausted for chain bead-1 after 4 attempts';
    expect(await step(ids[3]!, 4, true)).toEqual({
      code: 1,
      stdout: `{"error":"${error}","exhausted":true,"lesson_file":"${lesson}"}\n`,
      stderr: '',
    });
    expect(count(p, 'dispatches')).toBe(4);
    expect(statSync(lesson).mode & 0o777).toBe(0o600);
    expect(readFileSync(lesson, 'utf8')).toBe(
      '# Escalation chain exhausted: bead-1\n\nAttempts: 4  Escalations: 1\n\n' +
        ids
          .map((id, i) => `## Attempt ${i + 1} \u2014 ${i < 2 ? 'sonnet' : 'opus'} (dispatch ${id})\nverdict-fail: bad ${i + 1}\n\n`)
          .join(''),
    );
    // Go's chain state, which Clavain reads (.escalations).
    expect(
      JSON.parse(
        (
          p.db().prepare("SELECT payload FROM state WHERE key = 'dispatch.chain.bead-1' AND scope_id = 'escalation'").get() as {
            payload: string;
          }
        ).payload,
      ),
    ).toEqual({
      chain_key: 'bead-1',
      dispatches: ids,
      models: ['sonnet', 'sonnet', 'opus', 'opus'],
      failures: [1, 2, 3, 4].map((n) => `verdict-fail: bad ${n}`),
      current_model: 'opus',
      strikes_at_rung: 2,
      escalations: 1,
      exhausted: true,
    });
    expect(await step(ids[3]!, 5)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ic: dispatch retry: chain bead-1 already exhausted: surface to a human (lesson chain in state key dispatch.chain.bead-1)\n',
    });
    // Text: the reason and the hand-off on stderr, one line, nothing on stdout.
    const other = await p.ic(['dispatch', 'retry', 'orig0001', '--escalate', '--chain-key=c2']);
    expect(other).toMatchObject({ code: 0, stderr: '' });
    insert(p, 'opus0001', 'failed', { model: 'opus' });
    await p.ic(['dispatch', 'retry', 'opus0001', '--escalate', '--chain-key=c3']);
    expect(await p.ic(['dispatch', 'retry', 'opus0001', '--escalate', '--chain-key=c3'])).toEqual({
      code: 1,
      stdout: '',
      stderr: `ic: dispatch retry: escalation chain exhausted: escalate: ladder exhausted for chain c3 after 2 attempts; lesson chain: ${p.dir}/escalation-chain-c3.md\n`,
    });
  });

  it('bad input: an unknown failure mode exit 3, an unknown id exit 2; nothing written', async () => {
    const p = await project();
    insert(p, 'orig0001', 'failed');
    const r = await p.ic(['dispatch', 'retry', 'orig0001', '--escalate', '--failure-mode=boom']);
    expect(r).toMatchObject({ code: 3, stdout: '' });
    expect(r.stderr.split('\n')).toHaveLength(2);
    expect(await p.ic(['dispatch', 'retry', 'nope', '--escalate'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ic: dispatch retry: not found: nope\n',
    });
    expect(count(p, 'dispatches')).toBe(1);
    expect(count(p, 'state')).toBe(0);
  });
});
