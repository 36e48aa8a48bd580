import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isAlive, killGroup } from '../../src/dispatch/process';
import { type Project, project } from '../helpers';

// Fake dispatch scripts. Each records its arguments beside the output file
// (-o) and its pid in the project, then behaves as named.
const PARSE = `
out=""; for ((i = 1; i <= $#; i++)); do if [[ \${!i} == -o ]]; then j=$((i + 1)); out=\${!j}; fi; done
printf '%s\\n' "$@" >"$out.args"
`;
const SCRIPTS: Record<string, string> = {
  pass: `${PARSE}
printf 'the review\\n' >"$out"
printf 'Tokens: 12 in / 34 out\\n' >"$out.summary"
printf 'STATUS: pass\\nSUMMARY: looks good\\n' >"$out.verdict"`,
  fail: `${PARSE}
printf 'STATUS: fail\\nSUMMARY: tests break\\n' >"$out.verdict"`,
  silent: `${PARSE}`,
  sleeps: `${PARSE}
exec sleep 30`,
  stubborn: `${PARSE}
trap '' TERM
while :; do sleep 0.2; done`,
  live: `${PARSE}
printf '{"turns":3,"commands":5,"messages":7}' >/tmp/clavain-dispatch-$$.json
exec sleep 30`,
};

const projects: Project[] = [];
afterEach(async () => {
  // No test may leave an agent behind: every recorded pid must be gone.
  const leaked: number[] = [];
  for (const p of projects.splice(0)) {
    if (!existsSync(p.dbPath)) continue;
    for (const { pid } of p.db().prepare('SELECT pid FROM dispatches WHERE pid IS NOT NULL').all() as { pid: number }[]) {
      rmSync(`/tmp/clavain-dispatch-${pid}.json`, { force: true });
      if (isAlive(pid)) {
        leaked.push(pid);
        await killGroup(pid, 0);
      }
    }
  }
  expect(leaked).toEqual([]);
});

async function dispatchProject(): Promise<Project & { script(name: string): string; prompt: string }> {
  const p = await project();
  projects.push(p);
  const scripts = join(p.dir, 'scripts');
  mkdirSync(scripts);
  for (const [name, body] of Object.entries(SCRIPTS)) {
    writeFileSync(join(scripts, `${name}.sh`), `#!/usr/bin/env bash\n${body}\n`);
    chmodSync(join(scripts, `${name}.sh`), 0o755);
  }
  writeFileSync(join(p.dir, 'prompt.md'), 'review the parser\n');
  return Object.assign(p, { script: (name: string) => join(scripts, `${name}.sh`), prompt: join(p.dir, 'prompt.md') });
}

type Row = Record<string, unknown>;
const row = (p: Project, id: string) => p.db().prepare('SELECT * FROM dispatches WHERE id = ?').get(id) as Row;

async function spawnWith(p: Awaited<ReturnType<typeof dispatchProject>>, script: string, ...flags: string[]): Promise<string> {
  const r = await p.ic([
    'dispatch',
    'spawn',
    '--prompt-file=prompt.md',
    `--dispatch-sh=${p.script(script)}`,
    `--output=${p.dir}/out-${script}.md`,
    ...flags,
  ]);
  expect(r).toMatchObject({ code: 0, stderr: '' });
  expect(r.stdout).toMatch(/^[a-z0-9]{8}\n$/);
  return r.stdout.trim();
}

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
    const b = spawnIn([`--dispatch-sh=${p.dir}/missing.sh`, `--output=${p.dir}/b.md`], env);
    const c = spawnIn([`--output=${p.dir}/c.md`], { CLAVAIN_DISPATCH_SH: '' });
    for (const id of [a, b, c]) await p.ic(['dispatch', 'wait', id, '--poll=50ms', '--timeout=10s']);
    expect(row(p, a)).toMatchObject({ status: 'completed', verdict_status: 'pass' });
    expect(row(p, b)).toMatchObject({ status: 'failed', verdict_status: 'fail' });
    expect(row(p, c)).toMatchObject({ status: 'failed', exit_code: -1 });
    expect(existsSync(`${p.dir}/c.md.hub`)).toBe(true);
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
      stderr: `ic: dispatch spawn: cannot read prompt file ${p.dir}/nope.md: no such file\n`,
    });
    expect(await p.ic(['dispatch', 'spawn'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: dispatch spawn: missing required flag --prompt-file\n',
    });
    expect(p.db().prepare('SELECT count(*) AS n FROM dispatches').get()).toEqual({ n: 0 });
  });
});

describe('dispatch poll and wait', () => {
  it('a passing agent: verdict, summary, tokens, exit 0, completed', async () => {
    const p = await dispatchProject();
    const id = await spawnWith(p, 'pass', '--name=rev');
    const r = await p.ic(['dispatch', 'wait', id, '--poll=50ms', '--timeout=20s']);
    const pid = row(p, id).pid;
    expect(r).toEqual({
      code: 0,
      stdout:
        `ID:      ${id}\nStatus:  completed\nType:    codex\nName:    rev\nPID:     ${pid}\nProject: ${p.dir}\nPrompt:  ${p.prompt}\nOutput:  ${p.dir}/out-pass.md\n` +
        'Tokens:  12 in / 34 out\nVerdict: pass\nSummary: looks good\nExit:    0\n',
      stderr: '',
    });
    expect(row(p, id)).toMatchObject({
      status: 'completed',
      exit_code: 0,
      input_tokens: 12,
      output_tokens: 34,
      completed_at: expect.any(Number),
    });
    // A terminal dispatch is unchanged by a poll.
    const before = row(p, id);
    expect((await p.ic(['dispatch', 'poll', id])).code).toBe(0);
    expect(row(p, id)).toEqual(before);
  });

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

  it('a failing verdict: exit_code 1, failed, wait exits 1; no verdict: exit_code -1', async () => {
    const p = await dispatchProject();
    const f = await spawnWith(p, 'fail');
    const s = await spawnWith(p, 'silent');
    expect(await p.ic(['dispatch', 'wait', f, '--poll=50ms', '--timeout=20s'])).toMatchObject({ code: 1, stderr: '' });
    expect(await p.ic(['dispatch', 'wait', s, '--poll=50ms', '--timeout=20s'])).toMatchObject({ code: 1, stderr: '' });
    expect(row(p, f)).toMatchObject({ status: 'failed', exit_code: 1, verdict_status: 'fail', verdict_summary: 'tests break' });
    expect(row(p, s)).toMatchObject({ status: 'failed', exit_code: -1, verdict_status: null, input_tokens: 0 });
  });

  it('a live agent stays running, with the counters of its live state file', async () => {
    const p = await dispatchProject();
    const id = await spawnWith(p, 'live');
    const pid = row(p, id).pid as number;
    await waitFor(() => existsSync(`/tmp/clavain-dispatch-${pid}.json`));
    const r = await p.ic(['dispatch', 'poll', id]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('\nStatus:  running\n');
    expect(r.stdout).toContain('\nStats:   3 turns, 5 commands, 7 messages\n');
    expect(row(p, id)).toMatchObject({ status: 'running', turns: 3, commands: 5, messages: 7 });
    await p.ic(['dispatch', 'kill', id]);
  });

  it('wait --timeout: kills the agent, status timeout, exit 1', async () => {
    const p = await dispatchProject();
    const id = await spawnWith(p, 'sleeps');
    const r = await p.ic(['dispatch', 'wait', id, '--timeout=300ms', '--poll=50ms']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('\nStatus:  timeout\n');
    expect(row(p, id)).toMatchObject({ status: 'timeout', completed_at: expect.any(Number) });
    expect(isAlive(row(p, id).pid as number)).toBe(false);
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

describe('dispatch kill, list, prune', () => {
  it('kill escalates to SIGKILL when the agent ignores SIGTERM; a second kill changes nothing', async () => {
    const p = await dispatchProject();
    const id = await spawnWith(p, 'stubborn');
    const pid = row(p, id).pid as number;
    await waitFor(() => existsSync(`${p.dir}/out-stubborn.md.args`));
    expect(await p.ic(['--json', 'dispatch', 'kill', id])).toEqual({
      code: 0,
      stdout: `{"id":"${id}","status":"cancelled"}\n`,
      stderr: '',
    });
    expect(isAlive(pid)).toBe(false);
    const after = row(p, id);
    expect(after).toMatchObject({ status: 'cancelled', completed_at: expect.any(Number) });
    expect(await p.ic(['dispatch', 'kill', id])).toEqual({ code: 0, stdout: 'killed\n', stderr: '' });
    expect(row(p, id)).toEqual(after);
  }, 15_000);

  it('a terminal dispatch never moves back: a kill after completion keeps completed', async () => {
    const p = await dispatchProject();
    const id = await spawnWith(p, 'pass');
    await p.ic(['dispatch', 'wait', id, '--poll=50ms', '--timeout=20s']);
    expect(await p.ic(['--json', 'dispatch', 'kill', id])).toEqual({
      code: 0,
      stdout: `{"id":"${id}","status":"completed"}\n`,
      stderr: '',
    });
    expect(row(p, id)).toMatchObject({ status: 'completed' });
  });

  it('list: newest first, --active, --scope; prune: only old terminal rows', async () => {
    const p = await dispatchProject();
    const a = await spawnWith(p, 'pass', '--name=first', '--scope-id=s1');
    await p.ic(['dispatch', 'wait', a, '--poll=50ms', '--timeout=20s']);
    const b = await spawnWith(p, 'sleeps', '--name=second');
    p.db().prepare('UPDATE dispatches SET created_at = 100 WHERE id = ?').run(a);
    expect(await p.ic(['dispatch', 'list'])).toEqual({
      code: 0,
      stdout: `${b}\trunning\tcodex\tsecond\n${a}\tcompleted\tcodex\tfirst\n`,
      stderr: '',
    });
    expect((await p.ic(['dispatch', 'list', '--active'])).stdout).toBe(`${b}\trunning\tcodex\tsecond\n`);
    expect((await p.ic(['dispatch', 'list', '--scope=s1'])).stdout).toBe(`${a}\tcompleted\tcodex\tfirst\n`);
    expect(await p.ic(['--json', 'dispatch', 'list', '--scope=none'])).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
    p.db().prepare('UPDATE dispatches SET created_at = 100').run();
    expect(await p.ic(['dispatch', 'prune', '--older-than=1h'])).toEqual({ code: 0, stdout: '1 pruned\n', stderr: '' });
    expect(p.db().prepare('SELECT id FROM dispatches').all()).toEqual([{ id: b }]);
    await p.ic(['dispatch', 'kill', b]);
  });

  it('killGroup stops the whole process group, children included', async () => {
    const p = await dispatchProject();
    writeFileSync(p.script('tree'), `#!/usr/bin/env bash\n${PARSE}\nsleep 30 & echo $! >"$out.child"\nwait\n`);
    const id = await spawnWith(p, 'tree');
    await waitFor(() => existsSync(`${p.dir}/out-tree.md.child`) && readFileSync(`${p.dir}/out-tree.md.child`, 'utf8').endsWith('\n'));
    const child = Number(readFileSync(`${p.dir}/out-tree.md.child`, 'utf8'));
    expect(isAlive(child)).toBe(true);
    await p.ic(['dispatch', 'kill', id]);
    await waitFor(() => !isAlive(child));
    expect(isAlive(child)).toBe(false);
  });
});

/** Polls a condition (for files a detached agent writes); fails after 10 s. */
async function waitFor(cond: () => boolean): Promise<void> {
  for (let i = 0; i < 200 && !cond(); i++) await new Promise((r) => setTimeout(r, 50));
  expect(cond()).toBe(true);
}
