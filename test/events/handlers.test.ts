// The event handlers after run advance (contract v6, 6.4): the log with
// --verbose, the project's hooks (input, timeout, waiting, failures that never
// change the result), and auto-spawn into executing (idempotent under two
// concurrent advances).
import { chmodSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatchProject } from '../commands/dispatch/common';
import { type Project, project, runIcConcurrently, runIcProcess } from '../helpers';

function hook(p: Project, name: string, body: string, mode = 0o755): string {
  mkdirSync(join(p.dir, '.clavain/hooks'), { recursive: true });
  const path = join(p.dir, '.clavain/hooks', name);
  writeFileSync(path, `#!/usr/bin/env bash\n${body}\n`);
  chmodSync(path, mode);
  return path;
}

async function newRun(p: Project, ...flags: string[]): Promise<string> {
  return (await p.ic(['run', 'create', '--goal=g', ...flags])).stdout.trim();
}

describe('the log handler', () => {
  it('--verbose: one line per event on stderr; stdout and exit unchanged', async () => {
    const p = await project();
    const id = await newRun(p);
    expect(await p.ic(['--verbose', 'run', 'advance', id, '--priority=4', '--skip-reason=say "hi"\nnow'])).toEqual({
      code: 0,
      stdout: 'brainstorm → brainstorm-reviewed\n',
      stderr: `[event] source=phase type=advance run=${id} from=brainstorm to=brainstorm-reviewed reason="say \\"hi\\"\\nnow"\n`,
    });
    await p.ic(['run', 'set', id, '--auto-advance=false']);
    expect((await p.ic(['--verbose', 'run', 'advance', id, '--priority=4'])).stderr).toBe(
      `[event] source=phase type=pause run=${id} from=brainstorm-reviewed to=strategized reason="auto_advance disabled"\n`,
    );
    // Other commands notify nothing, --verbose or not.
    expect((await p.ic(['--verbose', 'run', 'skip', id, 'planned', '--reason=x'])).stderr).toBe('');
  });
});

describe('hooks', () => {
  it('on-phase-advance gets the envelope on stdin (no newline), in the project directory; ic waits for it', async () => {
    const p = await project();
    hook(p, 'on-phase-advance', 'sleep 0.5; cat > "$PWD/got.json"; echo "$#" > "$PWD/argc"');
    const id = await newRun(p);
    // The built ic as a child process: the hook must have finished when ic has exited.
    const r = runIcProcess(['run', 'advance', id, '--priority=4'], p.dir);
    expect(r).toEqual({ code: 0, stdout: 'brainstorm → brainstorm-reviewed\n', stderr: '' });
    const got = readFileSync(join(p.dir, 'got.json'), 'utf8');
    const event = p.db().prepare('SELECT id, created_at, envelope_json FROM phase_events').get() as {
      id: number;
      created_at: number;
      envelope_json: string;
    };
    // The envelope ic stamped on the event (its span id holds the time in nanoseconds), in Go's key order.
    expect(event.envelope_json).toMatch(/^\{"policy_version":"phase-machine\/v1",.*"span_id":"phase:advance:\d+",/);
    expect(got).toBe(
      `{"id":${event.id},"run_id":"${id}","source":"phase","type":"advance","from_state":"brainstorm","to_state":"brainstorm-reviewed","envelope":${event.envelope_json},"timestamp":"${new Date(event.created_at * 1000).toISOString().replace('.000Z', 'Z')}"}`,
    );
    expect(readFileSync(join(p.dir, 'argc'), 'utf8')).toBe('0\n');
  });

  it('a hook that fails, hangs past 5 s, or floods stderr: one line each, the exit code and stdout unchanged', async () => {
    const p = await project();
    hook(p, 'on-phase-advance', 'echo boom >&2; exit 3');
    const id = await newRun(p);
    expect(runIcProcess(['run', 'advance', id, '--priority=4'], p.dir)).toEqual({
      code: 0,
      stdout: 'brainstorm → brainstorm-reviewed\n',
      stderr: '[event] hook on-phase-advance failed: exit status 3 (stderr: boom)\n',
    });
    hook(p, 'on-phase-advance', 'head -c 5000000 /dev/zero | tr "\\0" x >&2; exit 1');
    const flood = runIcProcess(['run', 'advance', id, '--priority=4'], p.dir);
    expect(flood.code).toBe(0);
    expect(flood.stderr).toMatch(/^\[event\] hook on-phase-advance failed: exit status 1 \(stderr: x{2048}\)\n$/);
    hook(p, 'on-phase-advance', 'exec sleep 30');
    const hung = runIcProcess(['run', 'advance', id, '--priority=4'], p.dir);
    expect(hung).toEqual({
      code: 0,
      stdout: 'strategized → planned\n',
      stderr: '[event] hook on-phase-advance failed: killed after 5s (stderr: )\n',
    });
  }, 30_000);

  it('not run when not executable or a directory; blocked and paused advances notify too', async () => {
    const p = await project();
    hook(p, 'on-phase-advance', 'touch "$PWD/ran"', 0o644);
    const id = await newRun(p);
    await p.ic(['run', 'advance', id, '--priority=4']);
    expect(existsSync(join(p.dir, 'ran'))).toBe(false);
    hook(p, 'on-phase-advance', 'cat >> "$PWD/events"; echo >> "$PWD/events"');
    expect(runIcProcess(['run', 'advance', id, '--priority=1'], p.dir).code).toBe(1);
    expect(readFileSync(join(p.dir, 'events'), 'utf8')).toContain('"type":"block"');
  });
});

describe('auto-spawn into executing', () => {
  async function agentProject(): Promise<{ p: Awaited<ReturnType<typeof dispatchProject>>; run: string }> {
    const p = await dispatchProject();
    // The usual dispatch-script lookup: hub/clavain/scripts/dispatch.sh, walking up.
    mkdirSync(join(p.dir, 'hub/clavain/scripts'), { recursive: true });
    writeFileSync(join(p.dir, 'hub/clavain/scripts/dispatch.sh'), readFileSync(p.script('sleeps')), { mode: 0o755 });
    mkdirSync(join(p.dir, '.ic/prompts'), { recursive: true });
    writeFileSync(join(p.dir, '.ic/prompts/reviewer.md'), 'review\n');
    writeFileSync(join(p.dir, '.ic/prompts/tester.md'), 'test\n');
    const run = await newRun(p);
    p.db().prepare("UPDATE runs SET phase = 'planned' WHERE id = ?").run(run);
    for (const [id, name, type] of [
      ['a0000001', 'reviewer', 'claude'],
      ['a0000002', null, 'claude'],
      ['a0000003', 'tester', 'codex'],
      ['a0000004', 'ghost', 'claude'],
    ] as const) {
      p.db()
        .prepare('INSERT INTO run_agents (id, run_id, name, agent_type, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(id, run, name, type, 10);
    }
    p.db()
      .prepare("INSERT INTO run_agents (id, run_id, name, status, created_at) VALUES ('a0000005', ?, 'reviewer', 'completed', 10)")
      .run(run);
    return { p, run };
  }

  it('starts each active unlinked agent as a dispatch scoped to the run, links it, reports each; dispatch events reach the hook', async () => {
    const { p, run } = await agentProject();
    mkdirSync(join(p.dir, 'seen'));
    hook(p, 'on-dispatch-change', 'cat > "$PWD/seen/$$.json"');
    const r = runIcProcess(['run', 'advance', run, '--priority=4'], p.dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('planned → executing\n');
    expect(r.stderr.split('\n').filter(Boolean)).toEqual([
      '[event] auto-spawn: agent a0000001 started',
      '[event] auto-spawn: agent a0000002 failed: the agent has no name (its prompt file is .ic/prompts/<name>.md)',
      '[event] auto-spawn: agent a0000003 started',
      `[event] auto-spawn: agent a0000004 failed: no prompt file ${p.dir}/.ic/prompts/ghost.md`,
    ]);
    const agents = p.db().prepare('SELECT id, dispatch_id FROM run_agents ORDER BY id').all() as {
      id: string;
      dispatch_id: string | null;
    }[];
    const linked = agents.filter((a) => a.dispatch_id).map((a) => a.id);
    expect(linked).toEqual(['a0000001', 'a0000003']);
    const dispatches = p.db().prepare('SELECT id, agent_type, status, scope_id, prompt_file FROM dispatches ORDER BY rowid').all();
    expect(dispatches).toEqual([
      {
        id: agents[0]!.dispatch_id,
        agent_type: 'claude',
        status: 'running',
        scope_id: run,
        prompt_file: `${p.dir}/.ic/prompts/reviewer.md`,
      },
      { id: agents[2]!.dispatch_id, agent_type: 'codex', status: 'running', scope_id: run, prompt_file: `${p.dir}/.ic/prompts/tester.md` },
    ]);
    const delivered = readdirSync(join(p.dir, 'seen')).map(
      (f) => JSON.parse(readFileSync(join(p.dir, 'seen', f), 'utf8')) as Record<string, unknown>,
    );
    expect(delivered.map((e) => [e.run_id, e.source, e.from_state, e.to_state])).toEqual([
      [run, 'dispatch', 'spawned', 'running'],
      [run, 'dispatch', 'spawned', 'running'],
    ]);
    for (const d of dispatches as { id: string }[]) await p.ic(['dispatch', 'kill', d.id]);
  });

  it('two concurrent advances from planned: one moves into executing and spawns, the other moves on; each agent started once', async () => {
    const { p, run } = await agentProject();
    const results = await runIcConcurrently(2, ['--timeout=1m', 'run', 'advance', run, '--priority=4'], p.dir);
    expect(results.map((r) => r.code)).toEqual([0, 0]);
    expect(results.map((r) => r.stdout).sort()).toEqual(['executing → review\n', 'planned → executing\n']);
    const dispatches = p.db().prepare('SELECT id FROM dispatches').all() as { id: string }[];
    expect(dispatches).toHaveLength(2);
    expect(p.db().prepare('SELECT count(*) AS n FROM run_agents WHERE dispatch_id IS NOT NULL').get()).toEqual({ n: 2 });
    for (const d of dispatches) await p.ic(['dispatch', 'kill', d.id]);
  });

  it('not for a skip, pause or block aimed at executing, nor a second time once linked', async () => {
    const { p, run } = await agentProject();
    await p.ic(['run', 'set', run, '--auto-advance=false']);
    expect(runIcProcess(['run', 'advance', run, '--priority=4'], p.dir)).toMatchObject({ code: 1, stderr: '' });
    expect(runIcProcess(['run', 'advance', run, '--priority=0'], p.dir)).toMatchObject({ code: 1, stdout: 'planned (blocked: pause)\n' });
    expect(p.db().prepare('SELECT count(*) AS n FROM dispatches').get()).toEqual({ n: 0 });
  });
});
