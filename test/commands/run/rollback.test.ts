import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, type Project, project } from '../../helpers';
import { snapshot } from '../../hardening/common';
import { events, newRun, runRow } from './common';

async function advance(p: Project, id: string, times: number): Promise<void> {
  for (let i = 0; i < times; i++) expect((await p.ic(['run', 'advance', id, '--disable-gates'])).code).toBe(0);
}

/** A run in planned with artifacts in three phases, two agents, and dispatches of its own and another scope. */
async function busyRun(p: Project): Promise<string> {
  const id = await newRun(p);
  await advance(p, id, 3);
  const db = p.db();
  db.exec(`
    INSERT INTO run_artifacts (id, run_id, phase, path, created_at) VALUES
      ('art00001', '${id}', 'brainstorm', 'b.md', 10), ('art00002', '${id}', 'strategized', 's.md', 11),
      ('art00003', '${id}', 'planned', 'p.md', 12), ('art00004', '${id}', 'planned', 'old.md', 13);
    UPDATE run_artifacts SET status = 'rolled_back' WHERE id = 'art00004';
    INSERT INTO run_agents (id, run_id, status, created_at, updated_at) VALUES
      ('agt00001', '${id}', 'active', 10, 10), ('agt00002', '${id}', 'completed', 10, 10);
    INSERT INTO dispatches (id, project_dir, status, scope_id, name, created_at) VALUES
      ('dsp00001', '/p', 'running', '${id}', 'coder', 10), ('dsp00002', '/p', 'spawned', '${id}', NULL, 11),
      ('dsp00003', '/p', 'completed', '${id}', 'done', 12), ('dsp00004', '/p', 'running', 'other', NULL, 13);
  `);
  return id;
}

const rows = (p: Project, sql: string, ...params: unknown[]) =>
  p
    .db()
    .prepare(sql)
    .all(...params);

describe('run rollback', () => {
  it('--dry-run prints the plan (compact JSON, Go keys) and writes nothing', async () => {
    const p = await project();
    const id = await busyRun(p);
    const before = snapshot(p.db());
    const want = {
      code: 0,
      stdout:
        '{"dry_run":true,"from_phase":"planned","rolled_back_phases":["brainstorm-reviewed","strategized","planned"],"to_phase":"brainstorm"}\n',
      stderr: '',
    };
    expect(await p.ic(['run', 'rollback', id, '--to-phase=brainstorm', '--dry-run'])).toEqual(want);
    expect(await p.ic(['--json', 'run', 'rollback', id, '--to-phase', 'brainstorm', '--dry-run'])).toEqual(want);
    expect(snapshot(p.db())).toBe(before);
  });

  it('moves the run back and, in the same transaction, marks artifacts, cancels dispatches, fails agents', async () => {
    const p = await project();
    const id = await busyRun(p);
    expect(await p.ic(['run', 'rollback', id, '--to-phase=brainstorm-reviewed', '--reason=wrong plan'])).toEqual({
      code: 0,
      stdout:
        '{"cancelled_dispatches":2,"failed_agents":1,"from_phase":"planned","marked_artifacts":2,"reason":"wrong plan","rolled_back_phases":["strategized","planned"],"to_phase":"brainstorm-reviewed"}\n',
      stderr: '',
    });
    expect(runRow(p, id)).toMatchObject({ phase: 'brainstorm-reviewed', status: 'active', completed: 0 });
    expect(events(p, id).at(-1)).toEqual({
      from_phase: 'planned',
      to_phase: 'brainstorm-reviewed',
      event_type: 'rollback',
      gate_result: null,
      gate_tier: null,
      reason: 'wrong plan',
    });
    expect(rows(p, 'SELECT id, status FROM run_artifacts ORDER BY id')).toEqual([
      { id: 'art00001', status: 'active' },
      { id: 'art00002', status: 'rolled_back' },
      { id: 'art00003', status: 'rolled_back' },
      { id: 'art00004', status: 'rolled_back' },
    ]);
    expect(rows(p, 'SELECT id, status, completed_at IS NOT NULL AS done FROM dispatches ORDER BY id')).toEqual([
      { id: 'dsp00001', status: 'cancelled', done: 1 },
      { id: 'dsp00002', status: 'cancelled', done: 1 },
      { id: 'dsp00003', status: 'completed', done: 0 },
      { id: 'dsp00004', status: 'running', done: 0 },
    ]);
    expect(rows(p, 'SELECT dispatch_id, run_id, from_status, to_status FROM dispatch_events ORDER BY id')).toEqual([
      { dispatch_id: 'dsp00001', run_id: id, from_status: 'running', to_status: 'cancelled' },
      { dispatch_id: 'dsp00002', run_id: id, from_status: 'spawned', to_status: 'cancelled' },
    ]);
    expect(rows(p, 'SELECT id, status FROM run_agents ORDER BY id')).toEqual([
      { id: 'agt00001', status: 'failed' },
      { id: 'agt00002', status: 'completed' },
    ]);
    // Each change is captured for a replay of the run, as Go captures it.
    expect(
      rows(
        p,
        "SELECT kind, input_key, event_source FROM run_replay_inputs WHERE event_source IN ('phase', 'dispatch') AND id > 4 ORDER BY id",
      ),
    ).toEqual([
      { kind: 'time', input_key: 'phase_transition', event_source: 'phase' },
      { kind: 'external', input_key: 'dispatch_transition', event_source: 'dispatch' },
      { kind: 'external', input_key: 'dispatch_transition', event_source: 'dispatch' },
    ]);
    // The run walks forward again from where it went back to.
    expect(await p.ic(['run', 'advance', id, '--disable-gates'])).toMatchObject({ code: 0, stdout: 'brainstorm-reviewed → strategized\n' });
  });

  it('a completed run of its own chain reopens; no reason is "" in the output and null on the event', async () => {
    const p = await project();
    const id = await newRun(p, '--phases=["a","b","c"]');
    await advance(p, id, 2);
    expect(runRow(p, id)).toMatchObject({ status: 'completed', completed: 1 });
    expect(await p.ic(['--json', 'run', 'rollback', id, '--to-phase=a'])).toEqual({
      code: 0,
      stdout:
        '{"cancelled_dispatches":0,"failed_agents":0,"from_phase":"c","marked_artifacts":0,"reason":"","rolled_back_phases":["b","c"],"to_phase":"a"}\n',
      stderr: '',
    });
    expect(runRow(p, id)).toMatchObject({ phase: 'a', status: 'active', completed: 0 });
    expect(events(p, id).at(-1)).toMatchObject({ event_type: 'rollback', from_phase: 'c', to_phase: 'a', reason: null });
    expect(await p.ic(['run', 'status', id])).toMatchObject({ stdout: expect.stringContaining('Status:     active\n') });
  });

  it('the event hooks hear of the rollback and the cancelled dispatches after the commit', async () => {
    const p = await project();
    const id = await busyRun(p);
    const hooks = join(p.dir, '.clavain/hooks');
    mkdirSync(hooks, { recursive: true, mode: 0o700 });
    // Hooks run side by side: each writes the event it hears to a file of its own.
    for (const name of ['on-phase-advance', 'on-dispatch-change']) {
      mkdirSync(join(p.dir, name));
      writeFileSync(join(hooks, name), `#!/bin/sh\ncat > "$(mktemp ${JSON.stringify(join(p.dir, name))}/XXXXXX)"\n`);
      chmodSync(join(hooks, name), 0o700);
    }
    expect((await p.ic(['run', 'rollback', id, '--to-phase=brainstorm'])).code).toBe(0);
    const heard = (name: string) =>
      readdirSync(join(p.dir, name))
        .map((f) => JSON.parse(readFileSync(join(p.dir, name, f), 'utf8')) as Record<string, unknown>)
        .sort((a, b) => Number(a.id) - Number(b.id));
    expect(heard('on-phase-advance')).toEqual([
      expect.objectContaining({ run_id: id, source: 'phase', type: 'rollback', from_state: 'planned', to_state: 'brainstorm' }),
    ]);
    expect(heard('on-dispatch-change').map((e) => [e.source, e.from_state, e.to_state])).toEqual([
      ['dispatch', 'running', 'cancelled'],
      ['dispatch', 'spawned', 'cancelled'],
    ]);
  });

  it('refusals: exit 1, one line naming the cause, nothing written (dry-run alike)', async () => {
    const p = await project();
    const id = await newRun(p, '--phases=["a","b","c","d"]');
    await advance(p, id, 2);
    const cancelled = await newRun(p);
    await advance(p, cancelled, 1);
    await p.ic(['run', 'cancel', cancelled]);
    const failed = await newRun(p);
    p.db().prepare("UPDATE runs SET status = 'failed', phase = 'planned' WHERE id = ?").run(failed);
    const before = snapshot(p.db());
    const refusals: [string, string, string][] = [
      ['nosuch01', 'a', 'not found: nosuch01'],
      [cancelled, 'brainstorm', 'cannot roll back a cancelled run'],
      [failed, 'brainstorm', 'cannot roll back a failed run'],
      [id, 'zz', 'target phase "zz" is not in the run\'s chain (a, b, c, d)'],
      [id, 'c', 'target phase "c" is not behind current phase "c"'],
      [id, 'd', 'target phase "d" is not behind current phase "c"'],
      [id, 'brainstorm', 'target phase "brainstorm" is not in the run\'s chain (a, b, c, d)'],
    ];
    for (const [run, phase, message] of refusals)
      for (const dry of [[], ['--dry-run']])
        expect(await p.ic(['run', 'rollback', run, `--to-phase=${phase}`, ...dry])).toEqual({
          code: 1,
          stdout: '',
          stderr: `ic: run rollback: ${message}\n`,
        });
    expect(snapshot(p.db())).toBe(before);
  });

  it('usage errors: exit 3, nothing written', async () => {
    const p = await project();
    const id = await newRun(p);
    const before = snapshot(p.db());
    const usage: [string[], string][] = [
      [[id], '--to-phase or --layer=code is required'],
      [
        [id, '--layer=workflow', '--to-phase=brainstorm'],
        'unknown --layer: workflow (the layer is code; the workflow rollback takes --to-phase)',
      ],
      [[id, '--to-phase=brainstorm', '--format=text'], '--format goes with --layer=code'],
      [[id, '--layer=code', '--format=yaml'], 'unknown --format: yaml (json or text)'],
    ];
    for (const [args, message] of usage)
      expect(await p.ic(['run', 'rollback', ...args])).toEqual({ code: 3, stdout: '', stderr: `ic: run rollback: ${message}\n` });
    expect((await p.ic(['run', 'rollback', '--to-phase=brainstorm'])).code).toBe(3);
    expect((await p.ic(['run', 'rollback', id, '--to-phase=brainstorm', '--force'])).code).toBe(3);
    expect(snapshot(p.db())).toBe(before);
  });

  it('--layer=code: the artifacts with their dispatch, JSON (null for none) or aligned text, by phase', async () => {
    const p = await project();
    const id = await busyRun(p);
    p.db()
      .prepare("UPDATE run_artifacts SET dispatch_id = 'dsp00001', content_hash = ? WHERE id = 'art00002'")
      .run(`sha256:${'ab'.repeat(32)}`);
    p.db().prepare("UPDATE run_artifacts SET dispatch_id = 'gone0001', content_hash = 'short' WHERE id = 'art00003'").run();
    const entry = (phase: string, path: string, extra: object = {}) => ({
      dispatch_id: null,
      dispatch_name: null,
      phase,
      path,
      content_hash: null,
      type: 'file',
      status: 'active',
      ...extra,
    });
    const all = [
      entry('brainstorm', 'b.md'),
      entry('planned', 'p.md', { dispatch_id: 'gone0001', content_hash: 'short' }),
      entry('planned', 'old.md', { status: 'rolled_back' }),
      entry('strategized', 's.md', { dispatch_id: 'dsp00001', dispatch_name: 'coder', content_hash: `sha256:${'ab'.repeat(32)}` }),
    ];
    expect(await p.ic(['run', 'rollback', id, '--layer=code'])).toEqual({ code: 0, stdout: `${JSON.stringify(all)}\n`, stderr: '' });
    expect(await p.ic(['--json', 'run', 'rollback', id, '--layer=code', '--phase=planned', '--format=json'])).toEqual({
      code: 0,
      stdout: `${JSON.stringify(all.slice(1, 3))}\n`,
      stderr: '',
    });
    expect(await p.ic(['run', 'rollback', id, '--layer=code', '--phase=nowhere'])).toEqual({ code: 0, stdout: 'null\n', stderr: '' });
    expect(await p.ic(['run', 'rollback', id, '--layer=code', '--format=text'])).toEqual({
      code: 0,
      stdout: [
        'brainstorm           active       <unknown>            b.md                                     <none>',
        'planned              active       <unknown>            p.md                                     short',
        'planned              rolled_back  <unknown>            old.md                                   <none>',
        'strategized          active       coder                s.md                                     sha256:ababa...',
        '',
      ].join('\n'),
      stderr: '',
    });
    expect(await p.ic(['run', 'rollback', id, '--layer=code', '--format=text', '--phase=nowhere'])).toEqual({
      code: 0,
      stdout: '',
      stderr: '',
    });
    expect(await p.ic(['run', 'rollback', 'nosuch01', '--layer=code'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'ic: run rollback: not found: nosuch01\n',
    });
  });

  it('the intercore_run_rollback* wrappers of lib-intercore.sh, as Clavain calls them', async () => {
    const p = await project();
    const id = await busyRun(p);
    const wrap = (call: string) =>
      spawnSync('bash', ['-c', `set -euo pipefail\nsource "${join(ROOT, 'lib-intercore.sh')}"\nrc=0; ${call} || rc=$?; echo "rc=$rc"`], {
        encoding: 'utf8',
        cwd: p.dir,
        env: { ...process.env, INTERCORE_BIN: BIN, INTERCORE_DB: p.dbPath },
      }).stdout;
    expect(wrap(`intercore_run_rollback_dry ${id} brainstorm`)).toBe(
      '{"dry_run":true,"from_phase":"planned","rolled_back_phases":["brainstorm-reviewed","strategized","planned"],"to_phase":"brainstorm"}\nrc=0\n',
    );
    expect(wrap(`intercore_run_rollback ${id} planned`)).toBe('rc=1\n');
    expect(wrap(`intercore_run_rollback ${id} strategized 'wrapper test'`)).toBe(
      '{"cancelled_dispatches":2,"failed_agents":1,"from_phase":"planned","marked_artifacts":1,"reason":"wrapper test","rolled_back_phases":["planned"],"to_phase":"strategized"}\nrc=0\n',
    );
    expect(events(p, id).at(-1)).toMatchObject({ event_type: 'rollback', reason: 'wrapper test' });
    const code = wrap(`intercore_run_code_rollback ${id} brainstorm`);
    expect(JSON.parse(code.slice(0, code.indexOf('rc=')))).toEqual([expect.objectContaining({ phase: 'brainstorm', path: 'b.md' })]);
    expect(code.endsWith('rc=0\n')).toBe(true);
  });
});
