import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CHAIN as PHASES } from '../../../generated/phases';
import { legacyDb } from '../../fixtures';
import { project, runIc, runIcConcurrently, tempDir } from '../../helpers';
import { events, newRun, runRow } from './common';

describe('run advance', () => {
  it('walks the whole chain at complexity 3 and completes the run at done', async () => {
    const p = await project();
    const id = await newRun(p);
    for (let i = 0; i + 1 < PHASES.length; i++) {
      expect(await p.ic(['run', 'advance', id])).toEqual({ code: 0, stdout: `${PHASES[i]} → ${PHASES[i + 1]}\n`, stderr: '' });
    }
    expect(runRow(p, id)).toEqual({ status: 'completed', phase: 'done', complexity: 3, force_full: 0, auto_advance: 1, completed: 1 });
    expect(events(p, id)).toHaveLength(7);
    expect(await p.ic(['run', 'advance', id])).toEqual({ code: 1, stdout: '', stderr: 'ic: run advance: run is in a terminal status\n' });
    expect(events(p, id)).toHaveLength(7);
  });

  it('--json, compact and sorted, with reason "" when none', async () => {
    const p = await project();
    const id = await newRun(p);
    expect(await p.ic(['--json', 'run', 'advance', id])).toEqual({
      code: 0,
      stdout:
        '{"advanced":true,"event_type":"advance","from_phase":"brainstorm","gate_result":"none","gate_tier":"none","reason":"","to_phase":"brainstorm-reviewed"}\n',
      stderr: '',
    });
  });

  it('complexity 1 skips, records a skip event with the skip reason', async () => {
    const p = await project();
    const id = await newRun(p, '--complexity=1');
    expect(await p.ic(['run', 'advance', id, '--skip-reason=tiny change', '--priority=1'])).toEqual({
      code: 0,
      stdout: 'brainstorm → planned\n',
      stderr: '',
    });
    expect(events(p, id)).toEqual([
      { from_phase: 'brainstorm', to_phase: 'planned', event_type: 'skip', gate_result: 'pass', gate_tier: 'hard', reason: 'tiny change' },
    ]);
  });

  it('auto_advance off: a pause event, no move, exit 1 silently; a skip reason moves it', async () => {
    const p = await project();
    const id = await newRun(p);
    expect(await p.ic(['run', 'set', id, '--auto-advance=false'])).toEqual({ code: 0, stdout: 'updated\n', stderr: '' });
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
    const results = await runIcConcurrently(16, ['--timeout=1m', 'run', 'advance', id], p.dir);
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
    expect(await p.ic(['--json', 'run', 'advance', id])).toMatchObject({
      code: 0,
      stdout:
        '{"advanced":true,"event_type":"advance","from_phase":"brainstorm","gate_result":"none","gate_tier":"none","reason":"","to_phase":"planned"}\n',
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
    expect(await runIc(['run', 'advance', 'old00001'], dir)).toEqual({ code: 0, stdout: 'planned → executing\n', stderr: '' });
    expect(await runIc(['run', 'advance', 'old00001'], dir)).toEqual({ code: 0, stdout: 'executing → done\n', stderr: '' });
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
