import Database from 'better-sqlite3';
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CHAIN as PHASES } from '../../../generated/phases';
import { legacyDb } from '../../fixtures';
import { snapshot } from '../../hardening/common';
import { project, runIc, runIcConcurrently, tempDir } from '../../helpers';
import { events, newRun, runRow } from './common';

describe('run advance', () => {
  it('walks the whole 9-phase chain (reflect before done) and completes the run at done', async () => {
    const p = await project();
    const id = await newRun(p);
    expect(PHASES).toEqual([
      'brainstorm',
      'brainstorm-reviewed',
      'strategized',
      'planned',
      'executing',
      'review',
      'polish',
      'reflect',
      'done',
    ]);
    for (let i = 0; i + 1 < PHASES.length; i++) {
      expect(await p.ic(['run', 'advance', id, '--priority=4'])).toEqual({
        code: 0,
        stdout: `${PHASES[i]} → ${PHASES[i + 1]}\n`,
        stderr: '',
      });
    }
    expect(runRow(p, id)).toEqual({ status: 'completed', phase: 'done', complexity: 3, force_full: 0, auto_advance: 1, completed: 1 });
    expect(events(p, id)).toHaveLength(8);
    expect(await p.ic(['run', 'advance', id])).toEqual({ code: 1, stdout: '', stderr: 'ic: run advance: run is in a terminal status\n' });
    expect(events(p, id)).toHaveLength(8);
  });

  it('the default priority is 1 (Go v39): a hard gate, so a run without its brainstorm artifact is blocked', async () => {
    const p = await project();
    const id = await newRun(p);
    expect(await p.ic(['run', 'advance', id])).toEqual({ code: 1, stdout: 'brainstorm (blocked: block)\n', stderr: '' });
    expect(events(p, id)).toMatchObject([{ event_type: 'block', gate_result: 'fail', gate_tier: 'hard' }]);
  });

  it('--json, compact and sorted, with reason "" when none', async () => {
    const p = await project();
    const id = await newRun(p);
    expect(await p.ic(['--json', 'run', 'advance', id, '--priority=4'])).toEqual({
      code: 0,
      stdout:
        '{"active_agent_count":0,"advanced":true,"event_type":"advance","from_phase":"brainstorm","gate_result":"none","gate_tier":"none","next_gate_requirements":["artifact_exists"],"reason":"","to_phase":"brainstorm-reviewed"}\n',
      stderr: '',
    });
  });

  it('complexity does not change the walk (Go v39): complexity 1 moves to the next phase, an advance with the skip reason', async () => {
    const p = await project();
    const id = await newRun(p, '--complexity=1');
    expect(await p.ic(['run', 'advance', id, '--skip-reason=tiny change', '--priority=4'])).toEqual({
      code: 0,
      stdout: 'brainstorm → brainstorm-reviewed\n',
      stderr: '',
    });
    expect(events(p, id)).toEqual([
      {
        from_phase: 'brainstorm',
        to_phase: 'brainstorm-reviewed',
        event_type: 'advance',
        gate_result: 'none',
        gate_tier: 'none',
        reason: 'tiny change',
      },
    ]);
  });

  it('auto_advance off: a pause event, no move, exit 1 silently; a skip reason moves it', async () => {
    const p = await project();
    const id = await newRun(p);
    expect(await p.ic(['run', 'set', id, '--auto-advance=false'])).toMatchObject({ code: 0, stdout: 'updated\n' });
    expect(await p.ic(['run', 'advance', id])).toEqual({ code: 1, stdout: 'brainstorm (blocked: pause)\n', stderr: '' });
    expect(await p.ic(['--json', 'run', 'advance', id])).toEqual({
      code: 1,
      stdout:
        '{"advanced":false,"event_type":"pause","from_phase":"brainstorm","gate_result":"none","gate_tier":"none","reason":"auto_advance disabled","to_phase":"brainstorm-reviewed"}\n',
      stderr: '',
    });
    expect(runRow(p, id)).toMatchObject({ phase: 'brainstorm', auto_advance: 0 });
    expect(await p.ic(['run', 'advance', id, '--skip-reason=forced', '--disable-gates'])).toEqual({
      code: 0,
      stdout: 'brainstorm → brainstorm-reviewed\n',
      stderr: '',
    });
    expect(events(p, id)).toEqual([
      {
        from_phase: 'brainstorm',
        to_phase: 'brainstorm',
        event_type: 'set',
        gate_result: null,
        gate_tier: null,
        reason: 'auto_advance=false',
      },
      {
        from_phase: 'brainstorm',
        to_phase: 'brainstorm-reviewed',
        event_type: 'pause',
        gate_result: 'none',
        gate_tier: 'none',
        reason: 'auto_advance disabled',
      },
      {
        from_phase: 'brainstorm',
        to_phase: 'brainstorm-reviewed',
        event_type: 'pause',
        gate_result: 'none',
        gate_tier: 'none',
        reason: 'auto_advance disabled',
      },
      {
        from_phase: 'brainstorm',
        to_phase: 'brainstorm-reviewed',
        event_type: 'advance',
        gate_result: 'none',
        gate_tier: 'none',
        reason: 'forced',
      },
    ]);
  });

  it('--priority must be a whole number (exit 3); a negative one is a hard gate (v6)', async () => {
    const p = await project();
    const id = await newRun(p);
    expect(await p.ic(['run', 'advance', id, '--priority=high'])).toMatchObject({ code: 3, stdout: '' });
    expect(await p.ic(['run', 'advance', id, '--priority=1.5'])).toMatchObject({ code: 3, stdout: '' });
    expect(await p.ic(['run', 'advance', id, '--priority= 1'])).toMatchObject({ code: 3, stdout: '' });
    expect(events(p, id)).toEqual([]);
    expect(await p.ic(['run', 'advance', id, '--priority=-1'])).toEqual({ code: 1, stdout: 'brainstorm (blocked: block)\n', stderr: '' });
  });

  it('16 concurrent advances: each success is one step, no step taken twice, none exits 2', async () => {
    const p = await project();
    const id = await newRun(p);
    // --timeout=1m: waiting for the lock is not what is tested (under load one
    // advance can hold it past the default 100 ms); a write that is not
    // serialized (SQLITE_BUSY without the busy handler) would still exit 2.
    const results = await runIcConcurrently(16, ['--timeout=1m', 'run', 'advance', id, '--priority=4'], p.dir);
    const wins = results.filter((r) => r.code === 0);
    expect(results.filter((r) => r.code !== 0 && r.code !== 1)).toEqual([]);
    expect(wins.length).toBeGreaterThanOrEqual(1);
    for (const w of wins) expect(w.stdout).toMatch(/^[a-z-]+ → [a-z-]+\n$/);
    const moves = events(p, id) as { from_phase: string; to_phase: string }[];
    expect(moves).toHaveLength(wins.length);
    expect(new Set(moves.map((e) => e.from_phase)).size).toBe(moves.length);
    for (const [i, e] of moves.entries()) expect([e.from_phase, e.to_phase]).toEqual([PHASES[i], PHASES[i + 1]]);
    expect(runRow(p, id)).toMatchObject({ phase: PHASES[wins.length] });
    // The losers either lost the race (stale phase) or found the run already done.
    for (const r of results.filter((r) => r.code === 1)) {
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^ic: run advance: (phase changed: .*|run is in a terminal status)\n$/);
    }
  });
});

describe('run advance on chains, with skips and gates (v6)', () => {
  it('a custom chain walks every phase whatever the complexity, and completes at its last', async () => {
    const p = await project();
    const id = await newRun(p, '--phases=["draft","review","ship"]', '--complexity=1');
    expect(await p.ic(['run', 'advance', id])).toEqual({ code: 0, stdout: 'draft → review\n', stderr: '' });
    expect(await p.ic(['run', 'advance', id])).toEqual({ code: 0, stdout: 'review → ship\n', stderr: '' });
    expect(runRow(p, id)).toEqual({ status: 'completed', phase: 'ship', complexity: 1, force_full: 0, auto_advance: 1, completed: 1 });
    expect(await p.ic(['run', 'advance', id])).toEqual({ code: 1, stdout: '', stderr: 'ic: run advance: run is in a terminal status\n' });
  });

  it('at the last phase of its chain but still active (a stored row): exit 1, already in terminal phase', async () => {
    const p = await project();
    const id = await newRun(p, '--phases=["a","b"]');
    p.db().prepare("UPDATE runs SET phase = 'b' WHERE id = ?").run(id);
    expect(await p.ic(['run', 'advance', id])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'ic: run advance: run is already in terminal phase\n',
    });
    p.db().prepare("UPDATE runs SET phase = 'zzz' WHERE id = ?").run(id);
    expect(await p.ic(['run', 'advance', id])).toMatchObject({
      code: 2,
      stderr: `ic: run advance: run ${id} is in phase "zzz", which is not in its chain\n`,
    });
  });

  it('skipped phases are passed over (an advance event, not skip); the last phase is always reached', async () => {
    const p = await project();
    const id = await newRun(p);
    await p.ic(['run', 'skip', id, 'brainstorm-reviewed', '--reason=small']);
    await p.ic(['run', 'skip', id, 'strategized', '--reason=small']);
    expect(await p.ic(['--json', 'run', 'advance', id, '--priority=4'])).toMatchObject({
      code: 0,
      stdout:
        '{"active_agent_count":0,"advanced":true,"event_type":"advance","from_phase":"brainstorm","gate_result":"none","gate_tier":"none","next_gate_requirements":["artifact_exists"],"reason":"","to_phase":"planned"}\n',
    });
    const c = await newRun(p, '--phases=["a","b","c"]');
    await p.ic(['run', 'skip', c, 'b', '--reason=x']);
    expect(await p.ic(['run', 'advance', c])).toEqual({ code: 0, stdout: 'a → c\n', stderr: '' });
  });

  // (gate rules, evidence rows, priority) -> (result, tier, event, exit)
  const GATES: [
    string,
    number,
    { artifact?: boolean; active?: number; verdict?: string; scope?: boolean },
    string,
    string,
    string,
    number,
  ][] = [
    ['brainstorm', 1, {}, 'fail', 'hard', 'block', 1],
    ['brainstorm', 0, { artifact: true }, 'pass', 'hard', 'advance', 0],
    ['brainstorm', 2, {}, 'fail', 'soft', 'advance', 0],
    ['brainstorm', 3, { artifact: true }, 'pass', 'soft', 'advance', 0],
    ['brainstorm', 4, {}, 'none', 'none', 'advance', 0],
    ['executing', 1, { active: 2 }, 'fail', 'hard', 'block', 1],
    ['executing', 1, { active: 0 }, 'pass', 'hard', 'advance', 0],
    ['review', 1, { scope: true, verdict: 'pass' }, 'pass', 'hard', 'advance', 0],
    ['review', 1, { scope: true, verdict: 'fail' }, 'pass', 'hard', 'advance', 0],
    ['review', 1, { scope: true, verdict: 'reject' }, 'fail', 'hard', 'block', 1],
    ['review', 1, { scope: false, verdict: 'pass' }, 'fail', 'hard', 'block', 1],
    ['polish', 1, {}, 'pass', 'hard', 'advance', 0],
    ['reflect', 1, {}, 'fail', 'hard', 'block', 1],
    ['reflect', 1, { artifact: true }, 'pass', 'hard', 'advance', 0],
  ];
  it.each(GATES)(
    'from %s at priority %i with %j: %s at tier %s, a %s event, exit %i',
    async (from, priority, rows, result, tier, event, exit) => {
      const p = await project();
      const id = await newRun(p, ...(rows.scope ? ['--scope-id=sprint-9'] : []));
      const db = p.db();
      db.prepare('UPDATE runs SET phase = ? WHERE id = ?').run(from, id);
      if (rows.artifact) db.prepare("INSERT INTO run_artifacts (id, run_id, phase, path) VALUES ('f0000001', ?, ?, 'x.md')").run(id, from);
      for (let i = 0; i < (rows.active ?? 0); i++) db.prepare('INSERT INTO run_agents (id, run_id) VALUES (?, ?)').run(`a000000${i}`, id);
      if (rows.active === 0) db.prepare("INSERT INTO run_agents (id, run_id, status) VALUES ('a9999999', ?, 'completed')").run(id);
      if (rows.verdict)
        db.prepare(
          "INSERT INTO dispatches (id, project_dir, status, scope_id, verdict_status) VALUES ('d0000001', '/p', 'completed', 'sprint-9', ?)",
        ).run(rows.verdict);
      const r = await p.ic(['--json', 'run', 'advance', id, `--priority=${priority}`]);
      expect(r.code).toBe(exit);
      const out = JSON.parse(r.stdout) as { gate_result: string; gate_tier: string; event_type: string; reason: string };
      expect([out.gate_result, out.gate_tier, out.event_type]).toEqual([result, tier, event]);
      const [recorded] = events(p, id) as { gate_result: string; gate_tier: string; event_type: string; reason: string | null }[];
      expect([recorded!.gate_result, recorded!.gate_tier, recorded!.event_type]).toEqual([result, tier, event]);
      if (tier === 'none' || from === 'polish') expect(recorded!.reason).toBeNull();
      else
        expect(JSON.parse(recorded!.reason!)).toMatchObject({
          conditions: [expect.objectContaining({ result: result === 'pass' ? 'pass' : 'fail' })],
        });
      expect((runRow(p, id) as { phase: string }).phase === from).toBe(exit === 1);
    },
  );

  it('the evidence, byte for byte, as the block records it; --skip-reason joins it with " | "', async () => {
    const p = await project();
    const id = await newRun(p);
    const evidence =
      '{"conditions":[{"check":"artifact_exists","phase":"brainstorm","result":"fail","count":0,"detail":"no artifacts found for phase \\"brainstorm\\""}]}';
    expect(await p.ic(['run', 'advance', id, '--priority=1'])).toEqual({ code: 1, stdout: 'brainstorm (blocked: block)\n', stderr: '' });
    expect(await p.ic(['run', 'advance', id, '--priority=2', '--skip-reason=hotfix'])).toEqual({
      code: 0,
      stdout: 'brainstorm → brainstorm-reviewed\n',
      stderr: '',
    });
    expect(events(p, id)).toEqual([
      {
        from_phase: 'brainstorm',
        to_phase: 'brainstorm-reviewed',
        event_type: 'block',
        gate_result: 'fail',
        gate_tier: 'hard',
        reason: evidence,
      },
      {
        from_phase: 'brainstorm',
        to_phase: 'brainstorm-reviewed',
        event_type: 'advance',
        gate_result: 'fail',
        gate_tier: 'soft',
        reason: `hotfix | ${evidence}`,
      },
    ]);
  });

  it('rules go by phase names, so a custom chain meets planned → executing and its artifact check', async () => {
    const p = await project();
    const id = await newRun(p, '--phases=["brainstorm","planned","executing","done"]');
    p.db().prepare("UPDATE runs SET phase = 'planned' WHERE id = ?").run(id);
    expect(await p.ic(['run', 'advance', id, '--priority=0'])).toEqual({ code: 1, stdout: 'planned (blocked: block)\n', stderr: '' });
    // brainstorm -> planned has no rule of its own: passes with no evidence.
    const other = await newRun(p, '--phases=["brainstorm","planned","done"]');
    expect(await p.ic(['--json', 'run', 'advance', other, '--priority=0'])).toMatchObject({
      code: 0,
      stdout: expect.stringContaining('"gate_result":"pass","gate_tier":"hard","reason":""'),
    });
  });

  it('16 concurrent advances on a custom chain: each phase entered exactly once, losers exit 1, none exit 2', async () => {
    const p = await project();
    const chain = Array.from({ length: 10 }, (_, i) => `s${i}`);
    const id = await newRun(p, `--phases=${JSON.stringify(chain)}`);
    // --timeout=1m as above: the lock waited for, not raced against 100 ms.
    const results = await runIcConcurrently(16, ['--timeout=1m', 'run', 'advance', id], p.dir);
    expect(results.filter((r) => r.code !== 0 && r.code !== 1)).toEqual([]);
    const wins = results.filter((r) => r.code === 0);
    const moves = events(p, id) as { from_phase: string; to_phase: string }[];
    expect(moves.map((e) => e.to_phase)).toEqual(chain.slice(1, wins.length + 1));
    expect(new Set(moves.map((e) => e.to_phase)).size).toBe(moves.length);
    for (const r of results.filter((r) => r.code === 1))
      expect(r.stderr).toMatch(/^ic: run advance: (phase changed: .*|run is in a terminal status)\n$/);
  });
});

describe('an upgraded database moves its old runs as before (v6; v39: the walk stamped)', () => {
  it('a v4 database upgraded mid-walk: its complexity-1 run keeps the v4 walk, now as a chain of its own', async () => {
    const dir = tempDir();
    const path = join(dir, '.clavain/intercore.db');
    legacyDb(path, 4);
    const db = new Database(path);
    db.prepare("INSERT INTO runs (id, project_dir, goal, phase, complexity) VALUES ('old00001', ?, 'old', 'planned', 1)").run(dir);
    db.close();
    expect((await runIc(['init'], dir)).code).toBe(0);
    // The migration stamped the phases its complexity walked (CONTRACT-HEAD: a run in flight keeps its chain).
    const stamped = new Database(path, { readonly: true });
    expect(stamped.prepare("SELECT phases FROM runs WHERE id = 'old00001'").pluck().get()).toBe(
      '["brainstorm","planned","executing","done"]',
    );
    stamped.close();
    expect(await runIc(['run', 'advance', 'old00001', '--priority=4'], dir)).toEqual({
      code: 0,
      stdout: 'planned → executing\n',
      stderr: '',
    });
    expect(await runIc(['run', 'advance', 'old00001', '--priority=4'], dir)).toEqual({ code: 0, stdout: 'executing → done\n', stderr: '' });
    const check = new Database(path, { readonly: true });
    // review and polish are not in its chain any more: the move past them is an advance, as Go v39 records every move.
    expect(check.prepare("SELECT from_phase, to_phase, event_type FROM phase_events WHERE run_id = 'old00001' ORDER BY id").all()).toEqual([
      { from_phase: 'planned', to_phase: 'executing', event_type: 'advance' },
      { from_phase: 'executing', to_phase: 'done', event_type: 'advance' },
    ]);
    expect(check.prepare("SELECT status, phases FROM runs WHERE id = 'old00001'").get()).toEqual({
      status: 'completed',
      phases: '["brainstorm","planned","executing","done"]',
    });
    check.close();
  });
});

describe('every v6 walk survives the migration to v39', () => {
  const WALKS: [number, number, string[]][] = [
    [1, 0, ['brainstorm', 'planned', 'executing', 'done']],
    [2, 0, ['brainstorm', 'brainstorm-reviewed', 'planned', 'executing', 'done']],
    [3, 0, ['brainstorm', 'brainstorm-reviewed', 'strategized', 'planned', 'executing', 'review', 'polish', 'done']],
    [1, 1, ['brainstorm', 'brainstorm-reviewed', 'strategized', 'planned', 'executing', 'review', 'polish', 'done']],
  ];
  it('complexity 1, 2, 3 and force_full: the same phases, in order, to done', async () => {
    const dir = tempDir();
    const path = join(dir, '.clavain/intercore.db');
    legacyDb(path, 6);
    const db = new Database(path);
    WALKS.forEach(([complexity, forceFull], i) =>
      db
        .prepare("INSERT INTO runs (id, project_dir, goal, complexity, force_full) VALUES (?, ?, 'g', ?, ?)")
        .run(`walk000${i}`, dir, complexity, forceFull),
    );
    db.close();
    expect((await runIc(['init'], dir)).code).toBe(0);
    for (const [i, [, , walk]] of WALKS.entries()) {
      const seen = ['brainstorm'];
      for (let n = 0; n < 10 && seen[seen.length - 1] !== 'done'; n++) {
        const r = await runIc(['--json', 'run', 'advance', `walk000${i}`, '--disable-gates'], dir);
        expect(r.code, r.stderr).toBe(0);
        seen.push((JSON.parse(r.stdout) as { to_phase: string }).to_phase);
      }
      expect(seen).toEqual(walk);
    }
  });
});

describe('run advance: actions, calibration, budgets and the close gate (v39)', () => {
  it('after a move: the actions of the phase entered, placeholders resolved and JSON-escaped, in text and JSON', async () => {
    const p = await project();
    const id = await newRun(
      p,
      '--actions={"brainstorm-reviewed":{"command":"/x","args":"[\\"${artifact:plan}\\", \\"${run_id}\\", \\"${project_dir}\\", \\"${artifact:none}\\"]"}}',
    );
    await p.ic(['run', 'artifact', 'add', id, '--phase=brainstorm', '--path=old "plan".md', '--type=plan']);
    await p.ic(['run', 'artifact', 'add', id, '--phase=brainstorm', '--path=new <plan>.md', '--type=plan']);
    p.db().prepare("UPDATE run_artifacts SET created_at = 10 WHERE path LIKE 'old%'").run();
    const r = await p.ic(['--json', 'run', 'advance', id]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { actions: { args: string[] }[] };
    expect(out.actions).toEqual([
      {
        action_type: 'command',
        args: ['new <plan>.md', id, p.dir, '${artifact:none}'],
        command: '/x',
        id: 1,
        mode: 'interactive',
        phase: 'brainstorm-reviewed',
        priority: 0,
        run_id: id,
      },
    ]);
    expect(r.stdout).toContain('"args":["new \\u003cplan\\u003e.md"');
    // Text: the move, then each action; a blocked advance lists none.
    const q = await newRun(p, '--actions={"brainstorm-reviewed":{"command":"/y","mode":"both"}}');
    expect(await p.ic(['run', 'advance', q, '--priority=4'])).toEqual({
      code: 0,
      stdout: 'brainstorm → brainstorm-reviewed\n  → /y  [both]\n',
      stderr: '',
    });
    expect(await p.ic(['--json', 'run', 'advance', q])).toMatchObject({ code: 1, stdout: expect.not.stringContaining('actions') });
  });

  it('--json after a move: active_agent_count and the next move built-in checks; none at the last phase', async () => {
    const p = await project();
    const id = await newRun(p, '--phases=["executing","review","done"]');
    await p.ic(['run', 'agent', 'add', id, '--name=a']);
    await p.ic(['run', 'agent', 'add', id, '--name=b']);
    const r = JSON.parse((await p.ic(['--json', 'run', 'advance', id, '--priority=4'])).stdout);
    expect(r).toMatchObject({ advanced: true, active_agent_count: 2, to_phase: 'review' });
    expect(r).not.toHaveProperty('next_gate_requirements');
    const last = JSON.parse((await p.ic(['--json', 'run', 'advance', id, '--priority=4'])).stdout);
    expect(last).toMatchObject({ advanced: true, to_phase: 'done', active_agent_count: 2 });
    expect(last).not.toHaveProperty('next_gate_requirements');
  });

  it('--calibration-file: a hard tier raises a built-in soft gate to hard (block); missing is none; locked and soft entries change nothing', async () => {
    const p = await project();
    const now = Math.floor(Date.now() / 1000);
    const file = join(p.dir, 'cal.json');
    const write = (tiers: object, created = now) => writeFileSync(file, JSON.stringify({ created_at: created, since_id: 0, tiers }));
    const id = await newRun(p);
    write({ 'artifact_exists:brainstorm→brainstorm-reviewed': { tier: 'hard', locked: true, fpr: 0.1, weighted_n: 20 } });
    expect(await p.ic(['run', 'advance', id, '--priority=2', '--calibration-file=cal.json', '--disable-gates'])).toMatchObject({ code: 0 });
    const other = await newRun(p);
    expect((await p.ic(['gate', 'check', other, '--calibration-file=cal.json'])).stdout).toBe(
      'brainstorm → brainstorm-reviewed: fail (tier: soft, source: default)\n' +
        '  [FAIL] artifact_exists (count: 0) — no artifacts found for phase "brainstorm"\n' +
        '  [calibration: locked] artifact_exists (fpr: 0.1, n: 20)\n',
    );
    write({ 'artifact_exists:brainstorm→brainstorm-reviewed': { tier: 'hard', fpr: 0.05, weighted_n: 40 } });
    const checked = JSON.parse((await p.ic(['--json', 'gate', 'check', other, '--calibration-file=cal.json'])).stdout);
    expect(checked).toMatchObject({
      tier: 'hard',
      source: 'calibrated',
      calibration: [{ calibration_status: 'active', check: 'artifact_exists', fpr: 0.05, weighted_n: 40 }],
    });
    expect(await p.ic(['run', 'advance', other, '--priority=2', '--calibration-file=cal.json'])).toEqual({
      code: 1,
      stdout: 'brainstorm (blocked: block)\n',
      stderr: '',
    });
    expect(await p.ic(['run', 'advance', other, '--priority=2', '--calibration-file=missing.json'])).toMatchObject({ code: 0 });
  });

  it('a stale calibration file (over 24 hours) is ignored and recorded as an interspect event', async () => {
    const p = await project();
    const id = await newRun(p);
    writeFileSync(
      join(p.dir, 'cal.json'),
      JSON.stringify({ created_at: 1000, tiers: { 'artifact_exists:brainstorm→brainstorm-reviewed': { tier: 'hard' } } }),
    );
    expect(await p.ic(['run', 'advance', id, '--priority=2', '--calibration-file=cal.json'])).toMatchObject({ code: 0 });
    expect(p.db().prepare('SELECT run_id, agent_name, event_type, context_json, project_dir FROM interspect_events').all()).toEqual([
      {
        run_id: id,
        agent_name: 'intercore',
        event_type: 'calibration_file_stale',
        context_json: JSON.stringify({ event_type: 'calibration_file_stale', path: join(p.dir, 'cal.json') }),
        project_dir: p.dir,
      },
    ]);
  });

  it('a calibration file that is a directory, a FIFO, over 1 MiB or not the format: exit 2, one line, nothing written', async () => {
    const p = await project();
    const id = await newRun(p);
    mkdirSync(join(p.dir, 'caldir'));
    execFileSync('mkfifo', [join(p.dir, 'cal.fifo')]);
    writeFileSync(join(p.dir, 'huge.json'), `{"created_at":1,"pad":"${'x'.repeat(1024 * 1024)}"}`);
    writeFileSync(join(p.dir, 'bad.json'), '{"created_at":');
    writeFileSync(join(p.dir, 'wrong.json'), '{"created_at":"yesterday"}');
    writeFileSync(join(p.dir, 'tiers.json'), '{"created_at":1,"tiers":{"k":{"tier":5}}}');
    const before = snapshot(p.db());
    for (const [file, why] of <[string, string][]>[
      ['caldir', 'not a regular file'],
      ['cal.fifo', 'not a regular file'],
      ['huge.json', 'larger than 1048576 bytes'],
      ['bad.json', 'not JSON'],
      ['wrong.json', 'created_at is not a number'],
      ['tiers.json', 'tiers.k.tier is not a string'],
    ]) {
      for (const cmd of [
        ['run', 'advance', id],
        ['gate', 'check', id],
      ]) {
        const r = await p.ic([...cmd, `--calibration-file=${file}`]);
        expect([r.code, r.stdout], `${cmd[0]} ${file}`).toEqual([2, '']);
        expect(r.stderr).toMatch(new RegExp(`^ic: ${cmd[0]} ${cmd[1]!}: calibration file ${join(p.dir, file)}: ${why}[^\\n]*\\n$`));
      }
    }
    expect(snapshot(p.db())).toBe(before);
  });

  it('--budget-enforce: the gate of every move checks the token budget (used < budget), at the priority tier', async () => {
    const p = await project();
    const id = await newRun(p, '--budget-enforce', '--token-budget=100', '--phases=["a","b","c"]');
    p.db()
      .prepare(
        "INSERT INTO dispatches (id, project_dir, status, scope_id, input_tokens, output_tokens) VALUES ('d0000001', '/p', 'completed', ?, 60, 30)",
      )
      .run(id);
    expect(JSON.parse((await p.ic(['--json', 'gate', 'check', id, '--priority=0'])).stdout)).toMatchObject({
      result: 'pass',
      evidence: { conditions: [{ check: 'budget_not_exceeded', result: 'pass' }] },
    });
    expect(await p.ic(['run', 'advance', id])).toMatchObject({ code: 0, stdout: 'a → b\n' });
    p.db().prepare("UPDATE dispatches SET output_tokens = 40 WHERE id = 'd0000001'").run();
    expect(await p.ic(['run', 'advance', id])).toEqual({ code: 1, stdout: 'b (blocked: block)\n', stderr: '' });
    expect(JSON.parse((events(p, id).at(-1) as { reason: string }).reason)).toEqual({
      conditions: [{ check: 'budget_not_exceeded', result: 'fail', detail: 'token budget exceeded' }],
    });
    // Without a budget the check passes, saying why.
    const free = await newRun(p, '--budget-enforce', '--phases=["a","b"]');
    expect(JSON.parse((await p.ic(['--json', 'gate', 'check', free, '--priority=0'])).stdout).evidence).toEqual({
      conditions: [{ check: 'budget_not_exceeded', result: 'pass', detail: 'no token budget set' }],
    });
  });

  it('the close gate: a run whose metadata requires runtime evidence cannot reach done without a verified receipt, whatever the priority or --disable-gates, nor by override', async () => {
    const p = await project();
    const metadata = JSON.stringify({ close_gate: { requirements: ['runtime-evidence/v1'], bead_id: 'iv-1' } });
    const id = await newRun(p, '--phases=["ship","done"]', `--metadata=${metadata}`);
    const blocked = { code: 1, stdout: 'ship (blocked: block)\n', stderr: '' };
    expect(await p.ic(['run', 'advance', id, '--priority=4'])).toEqual(blocked);
    expect(await p.ic(['run', 'advance', id, '--disable-gates'])).toEqual(blocked);
    const reasons = (events(p, id) as { reason: string }[]).map((e) => JSON.parse(e.reason));
    expect(reasons).toEqual([
      { conditions: [{ check: 'runtime_evidence', result: 'fail', detail: 'runtime evidence expectations are not sealed' }] },
      { conditions: [{ check: 'runtime_evidence', result: 'fail', detail: 'runtime evidence gate cannot be disabled' }] },
    ]);
    expect(JSON.parse((await p.ic(['--json', 'gate', 'check', id, '--priority=4'])).stdout)).toMatchObject({
      result: 'fail',
      tier: 'hard',
      source: 'required',
    });
    expect(await p.ic(['gate', 'override', id, '--reason=ship it', '--justified'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'ic: gate override: blocked: runtime evidence terminal gate cannot be overridden\n',
    });
    expect(runRow(p, id)).toMatchObject({ status: 'active', phase: 'ship' });
    // A sealed close gate cannot be weakened by a merge.
    const weaken = await p.ic(['run', 'set', id, '--metadata-merge={"close_gate":{"requirements":[]}}']);
    expect(weaken).toEqual({
      code: 3,
      stdout: '',
      stderr:
        'ic: run set: invalid run metadata: sealed close-gate metadata cannot be changed: requirement "runtime-evidence/v1" removed\n',
    });
    expect(await p.ic(['run', 'set', id, '--metadata-merge={"close_gate":{"note":"x"},"other":1}'])).toMatchObject({ code: 0 });
    expect(p.db().prepare('SELECT metadata FROM runs WHERE id = ?').pluck().get(id)).toBe(
      '{"close_gate":{"bead_id":"iv-1","note":"x","requirements":["runtime-evidence/v1"]},"other":1}',
    );
  });
});
