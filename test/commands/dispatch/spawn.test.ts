import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAlive } from '../../../src/dispatch/process';
import { SCRIPTS, dispatchProject, row, spawnWith, waitFor } from './common';

describe('dispatch spawn', () => {
  it('records the row, runs the script with its arguments, and records pid and running', async () => {
    const p = await dispatchProject();
    const id = await spawnWith(p, 'sleeps', '--name=rev', '--model=o3', '--timeout=90s', '--scope-id=s1', '--parent-id=par00001');
    const r = row(p, id);
    expect(r).toMatchObject({
      status: 'running',
      agent_type: 'codex',
      project_dir: p.dir,
      prompt_file: p.prompt,
      prompt_hash: createHash('sha256').update('review the parser\n').digest('hex').slice(0, 16),
      output_file: `${p.dir}/out-sleeps.md`,
      verdict_file: `${p.dir}/out-sleeps.md.verdict`,
      name: 'rev',
      model: 'o3',
      sandbox: 'workspace-write',
      timeout_sec: 90,
      scope_id: 's1',
      parent_id: 'par00001',
    });
    expect(r.prompt_hash).toMatch(/^[0-9a-f]{16}$/);
    expect(typeof r.pid).toBe('number');
    expect(r.started_at).toEqual(expect.any(Number));
    expect(isAlive(r.pid as number)).toBe(true);
    await waitFor(() => existsSync(`${p.dir}/out-sleeps.md.args`));
    expect(readFileSync(`${p.dir}/out-sleeps.md.args`, 'utf8')).toBe(
      `-C\n${p.dir}\n-o\n${p.dir}/out-sleeps.md\n--prompt-file\n${p.prompt}\n-n\nrev\n-m\no3\n--sandbox\nworkspace-write\n--timeout\n90\n`,
    );
    expect(await p.ic(['dispatch', 'kill', id])).toEqual({ code: 0, stdout: 'killed\n', stderr: '' });
  });

  it('--json prints id and pid; the default output is <tmpdir>/ic-dispatch-<id>.md', async () => {
    const p = await dispatchProject();
    const r = await p.ic(['--json', 'dispatch', 'spawn', '--prompt-file=prompt.md', `--dispatch-sh=${p.script('silent')}`]);
    const out = JSON.parse(r.stdout) as { id: string; pid: number };
    expect(r.stdout).toBe(`{"id":"${out.id}","pid":${out.pid}}\n`);
    const output = join(tmpdir(), `ic-dispatch-${out.id}.md`);
    expect(row(p, out.id)).toMatchObject({ output_file: output, verdict_file: `${output}.verdict` });
    await waitFor(() => !isAlive(out.pid));
    rmSync(`${output}.args`, { force: true });
  });

  it('the script comes from --dispatch-sh, then $CLAVAIN_DISPATCH_SH, then a walk up for hub/clavain/scripts/dispatch.sh', async () => {
    const p = await dispatchProject();
    const hub = join(p.dir, 'hub/clavain/scripts');
    mkdirSync(hub, { recursive: true });
    writeFileSync(join(hub, 'dispatch.sh'), SCRIPTS.silent!.replace('>"$out.args"', '>"$out.hub"'));
    mkdirSync(join(p.dir, 'deep/er'), { recursive: true });
    const env = { CLAVAIN_DISPATCH_SH: p.script('fail') };
    const spawnIn = (flags: string[], e: NodeJS.ProcessEnv) =>
      p.icProcess(['dispatch', 'spawn', '--prompt-file=../../prompt.md', ...flags], { cwd: join(p.dir, 'deep/er'), env: e }).stdout.trim();
    const a = spawnIn([`--dispatch-sh=${p.script('pass')}`, `--output=${p.dir}/a.md`], env);
    const b = spawnIn([`--output=${p.dir}/b.md`], env);
    const c = spawnIn([`--output=${p.dir}/c.md`], { CLAVAIN_DISPATCH_SH: '' });
    for (const id of [a, b, c]) await p.ic(['dispatch', 'wait', id, '--poll=50ms', '--timeout=10s']);
    expect(row(p, a)).toMatchObject({ status: 'completed', verdict_status: 'pass' });
    expect(row(p, b)).toMatchObject({ status: 'failed', verdict_status: 'fail' });
    expect(row(p, c)).toMatchObject({ status: 'failed', exit_code: -1 });
    expect(existsSync(`${p.dir}/c.md.hub`)).toBe(true);
  });

  it('a --dispatch-sh that does not exist is refused (exit 2, one line, nothing recorded), not replaced by codex (issue 32)', async () => {
    const p = await dispatchProject();
    expect(await p.ic(['dispatch', 'spawn', '--prompt-file=prompt.md', '--dispatch-sh=missing.sh'])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'ic: dispatch spawn: --dispatch-sh missing.sh: no such file; give the path of an existing dispatch script, or leave the flag out to use CLAVAIN_DISPATCH_SH, hub/clavain/scripts/dispatch.sh or codex\n',
    });
    expect((await p.ic(['dispatch', 'spawn', '--prompt-file=prompt.md', '--dispatch-sh=scripts', '--scheduled'])).code).toBe(2);
    expect(p.db().prepare('SELECT count(*) FROM dispatches').pluck().get()).toBe(0);
  });

  it('an agent that cannot start: a failed row with the reason, exit 2', async () => {
    const p = await dispatchProject();
    // No dispatch script anywhere and no codex on PATH: bare `codex exec` cannot start.
    const r = p.icProcess(['dispatch', 'spawn', '--prompt-file=prompt.md'], { env: { PATH: '/nonexistent', CLAVAIN_DISPATCH_SH: '' } });
    expect(r).toMatchObject({ code: 2, stdout: '' });
    expect(r.stderr).toMatch(/^ic: dispatch spawn: cannot start the agent: codex: command not found.*\n$/);
    expect(p.db().prepare('SELECT status, error_message IS NOT NULL AS has_error, pid FROM dispatches').all()).toEqual([
      { status: 'failed', has_error: 1, pid: null },
    ]);
  });

  it('a missing prompt file: exit 2, nothing recorded; no --prompt-file: exit 3', async () => {
    const p = await dispatchProject();
    expect(await p.ic(['dispatch', 'spawn', '--prompt-file=nope.md'])).toEqual({
      code: 2,
      stdout: '',
      stderr: `ic: dispatch spawn: --prompt-file nope.md: no such file or directory\n`,
    });
    expect(await p.ic(['dispatch', 'spawn'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: dispatch spawn: --prompt-file is required\n',
    });
    expect(p.db().prepare('SELECT count(*) AS n FROM dispatches').get()).toEqual({ n: 0 });
  });
});

describe('dispatch spawn --scheduled, --sandbox-spec', () => {
  it("--scheduled queues a job with Go's SpawnOptions (absolute paths) and starts nothing", async () => {
    const p = await dispatchProject();
    const r = await p.ic([
      '--json',
      'dispatch',
      'spawn',
      '--scheduled',
      '--prompt-file=prompt.md',
      '--scheduler-session=s9',
      '--name=n',
      '--timeout=90s',
    ]);
    const { job_id } = JSON.parse(r.stdout) as { job_id: string };
    expect(r).toEqual({ code: 0, stdout: `{"job_id":"${job_id}","scheduled":true}\n`, stderr: '' });
    expect(job_id).toMatch(/^[0-9a-f]{32}$/);
    const j = p.db().prepare('SELECT * FROM scheduler_jobs WHERE id = ?').get(job_id) as Record<string, unknown>;
    expect(j).toMatchObject({ status: 'pending', session_name: 's9', agent_type: 'codex', priority: 2 });
    expect(Object.keys(JSON.parse(j.spawn_opts as string) as object)).toEqual([
      'AgentType',
      'ProjectDir',
      'PromptFile',
      'OutputFile',
      'Name',
      'Model',
      'Sandbox',
      'SandboxSpec',
      'TimeoutSec',
      'ScopeID',
      'ParentID',
      'DispatchSH',
      'ParentDispatchID',
      'Policy',
      'BudgetQuerier',
    ]);
    expect(JSON.parse(j.spawn_opts as string)).toMatchObject({ ProjectDir: p.dir, PromptFile: p.prompt, Name: 'n', TimeoutSec: 90 });
    expect(p.db().prepare('SELECT count(*) AS n FROM dispatches').get()).toEqual({ n: 0 });
    const text = await p.ic(['dispatch', 'spawn', '--scheduled', '--prompt-file=prompt.md']);
    expect(text.stdout).toMatch(/^[0-9a-f]{32}\n$/);
  });

  it('--sandbox-spec is stored and shown by dispatch status; one that is not a JSON object is exit 3', async () => {
    const p = await dispatchProject();
    const id = await spawnWith(p, 'silent', '--sandbox-spec={"network": false, "paths": ["src"]}');
    expect(row(p, id).sandbox_spec).toBe('{"network":false,"paths":["src"]}');
    const status = JSON.parse((await p.ic(['--json', 'dispatch', 'status', id])).stdout) as Record<string, unknown>;
    expect(status.sandbox_spec).toEqual({ network: false, paths: ['src'] });
    // The text block shows both documents as stored, Go's labels and widths.
    p.db().prepare(`UPDATE dispatches SET sandbox_effective = '{"network":true}' WHERE id = ?`).run(id);
    expect((await p.ic(['dispatch', 'status', id])).stdout).toContain(
      '\nSandbox Spec: {"network":false,"paths":["src"]}\nSandbox Eff:  {"network":true}\n',
    );
    expect((await p.ic(['dispatch', 'spawn', '--prompt-file=prompt.md', '--sandbox-spec=[1]'])).code).toBe(3);
    expect((await p.ic(['dispatch', 'spawn', '--prompt-file=prompt.md', '--sandbox-spec={'])).code).toBe(3);
  });
});

describe('dispatch spawn --parent-dispatch, base commit', () => {
  it('a child records its parent and the depth one more; past max_spawn_depth or with an unknown parent exit 1, nothing written', async () => {
    const p = await dispatchProject();
    const parent = await spawnWith(p, 'silent');
    const child = await spawnWith(p, 'silent', `--parent-dispatch=${parent}`);
    expect(row(p, child)).toMatchObject({ parent_dispatch_id: parent, spawn_depth: 1, retry_count: 0 });
    expect(row(p, parent)).toMatchObject({ parent_dispatch_id: '', spawn_depth: 0 });
    expect(await p.ic(['config', 'set', 'max_spawn_depth', '1'])).toMatchObject({ code: 0 });
    const args = ['dispatch', 'spawn', '--prompt-file=prompt.md', `--dispatch-sh=${p.script('silent')}`];
    expect(await p.ic([...args, `--parent-dispatch=${child}`])).toEqual({
      code: 1,
      stdout: '',
      stderr:
        'ic: dispatch spawn: spawn rejected: spawn_depth_exceeded (current=2, limit=1); raise it with ic config set max_spawn_depth <n>\n',
    });
    expect(await p.ic([...args, '--parent-dispatch', 'nope0000'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'ic: dispatch spawn: parent dispatch not found: nope0000\n',
    });
    expect(p.db().prepare('SELECT count(*) AS n FROM dispatches').get()).toEqual({ n: 2 });
    // 0 is unlimited; --scheduled carries the parent in the job's options.
    await p.ic(['config', 'set', 'max_spawn_depth', '0']);
    expect(row(p, await spawnWith(p, 'silent', `--parent-dispatch=${child}`))).toMatchObject({ spawn_depth: 2 });
    const job = (await p.ic(['dispatch', 'spawn', '--scheduled', '--prompt-file=prompt.md', `--parent-dispatch=${child}`])).stdout.trim();
    const opts = p.db().prepare('SELECT spawn_opts FROM scheduler_jobs WHERE id = ?').get(job) as { spawn_opts: string };
    expect(JSON.parse(opts.spawn_opts)).toMatchObject({ ParentDispatchID: child });
    // scheduler drain spawns it one deeper than its parent, as spawn does.
    p.db()
      .prepare('UPDATE scheduler_jobs SET spawn_opts = json_set(spawn_opts, ?, ?) WHERE id = ?')
      .run('$.DispatchSH', p.script('silent'), job);
    expect(await p.ic(['scheduler', 'drain', '--interval=0s'])).toMatchObject({ code: 0 });
    const drained = p.db().prepare('SELECT dispatch_id FROM scheduler_jobs WHERE id = ?').get(job) as { dispatch_id: string };
    expect(row(p, drained.dispatch_id)).toMatchObject({ parent_dispatch_id: child, spawn_depth: 2 });
  });

  it("records the project's git HEAD as base_repo_commit; none outside a git work tree", async () => {
    const p = await dispatchProject();
    expect(row(p, await spawnWith(p, 'silent')).base_repo_commit).toBeNull();
    const git = (...a: string[]) =>
      execFileSync('git', ['-C', p.dir, '-c', 'user.name=t', '-c', 'user.email=t@t', ...a], { stdio: ['ignore', 'pipe', 'ignore'] })
        .toString()
        .trim();
    git('init', '-q');
    git('commit', '-q', '--allow-empty', '-m', 'base');
    expect(row(p, await spawnWith(p, 'silent')).base_repo_commit).toBe(git('rev-parse', 'HEAD'));
  });
});

describe('dispatch spawn, portfolio dispatch limit', () => {
  it("refuses a run's dispatch once the relay's count reaches its portfolio's max_dispatches (exit 1, nothing written); no count warns", async () => {
    const p = await dispatchProject();
    p.db().exec(
      `INSERT INTO runs (id, project_dir, goal, phase, max_dispatches) VALUES ('port0001', '${p.dir}', 'g', 'brainstorm', 2);
       INSERT INTO runs (id, project_dir, goal, phase, parent_run_id) VALUES ('chld0001', '${p.dir}', 'g', 'brainstorm', 'port0001');`,
    );
    const args = ['dispatch', 'spawn', '--prompt-file=prompt.md', `--dispatch-sh=${p.script('silent')}`, '--scope-id=chld0001'];
    const count = (payload: string) => p.ic(['state', 'set', 'active-dispatch-count', 'port0001'], { stdin: payload });
    expect(await p.ic(args)).toMatchObject({
      code: 0,
      stderr: 'ic: dispatch spawn: no relay data for portfolio port0001: dispatch limit not enforced\n',
    });
    await count('"1"');
    expect(await p.ic(args)).toMatchObject({ code: 0, stderr: '' });
    await count('"2"');
    expect(await p.ic(args)).toEqual({
      code: 1,
      stdout: '',
      stderr: 'ic: dispatch spawn: rejected: portfolio dispatch limit reached (2/2)\n',
    });
    expect(p.db().prepare('SELECT count(*) AS n FROM dispatches').get()).toEqual({ n: 2 });
    // Go reads the count as a JSON string: a bare number is not a count.
    await count('2');
    expect(await p.ic(args)).toMatchObject({ code: 0, stderr: '' });
    // The agents started here end on their own: wait for them (no agent is left behind).
    const ids = (p.db().prepare('SELECT id FROM dispatches').all() as { id: string }[]).map((d) => d.id);
    for (const id of ids) await p.ic(['dispatch', 'wait', id, '--poll=50ms', '--timeout=20s']);
  });
});
