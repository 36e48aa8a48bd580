// run rollback under contention and SIGKILL. A rollback is one transaction
// (the phase move, its event, the artifact marking, the dispatch
// cancellations with their events, the agent failures), so: two rollbacks
// and an advance started at once on one run leave one history that walks
// from the starting phase to runs.phase, with the artifacts, dispatches and
// agents matching the rollbacks that happened; and a rollback killed at any
// moment leaves its run wholly before or wholly after.
// IC_STRESS=1 runs the full counts (20 race rounds, 200 killed rollbacks); the default is small.
import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { project } from '../helpers';
import type { Invocation } from './lock-holder';
import { loops } from './common';
import { killLoop, tally, typicalMs } from './kill-loop';

const ROUNDS = loops(2, 20);
const KILLS = loops(8, 200);
/** Per test: the stress counts take minutes on a loaded 2-core machine. */
const TIMEOUT = loops(120_000, 900_000);
const CHAIN = ['brainstorm', 'brainstorm-reviewed', 'strategized', 'planned', 'executing', 'review', 'polish', 'reflect', 'done'];

/** A run in planned (default chain) with an artifact in brainstorm and strategized, a running dispatch and an active agent. */
function plannedRun(db: Database.Database, id: string): void {
  db.prepare("INSERT INTO runs (id, project_dir, goal, phase) VALUES (?, '/p', 'g', 'planned')").run(id);
  db.prepare("INSERT INTO run_artifacts (id, run_id, phase, path, created_at) VALUES (?, ?, 'brainstorm', 'b.md', 1)").run(`${id}b`, id);
  db.prepare("INSERT INTO run_artifacts (id, run_id, phase, path, created_at) VALUES (?, ?, 'strategized', 's.md', 1)").run(`${id}s`, id);
  db.prepare("INSERT INTO dispatches (id, project_dir, status, scope_id, created_at) VALUES (?, '/p', 'running', ?, 1)").run(`${id}d`, id);
  db.prepare("INSERT INTO run_agents (id, run_id, status, created_at, updated_at) VALUES (?, ?, 'active', 1, 1)").run(`${id}a`, id);
}

interface RunState {
  phase: string;
  status: string;
  moves: { from_phase: string; to_phase: string; event_type: string }[];
  artifacts: Record<string, string>;
  dispatch: string;
  dispatchEvents: number;
  agent: string;
}

function stateOf(db: Database.Database, id: string): RunState {
  const run = db.prepare('SELECT phase, status FROM runs WHERE id = ?').get(id) as { phase: string; status: string };
  const artifacts = Object.fromEntries(
    (db.prepare('SELECT phase, status FROM run_artifacts WHERE run_id = ?').all(id) as { phase: string; status: string }[]).map((a) => [
      a.phase,
      a.status,
    ]),
  );
  return {
    ...run,
    moves: db
      .prepare('SELECT from_phase, to_phase, event_type FROM phase_events WHERE run_id = ? ORDER BY id')
      .all(id) as RunState['moves'],
    artifacts,
    dispatch: db.prepare('SELECT status FROM dispatches WHERE scope_id = ?').pluck().get(id) as string,
    dispatchEvents: db.prepare('SELECT count(*) FROM dispatch_events WHERE run_id = ?').pluck().get(id) as number,
    agent: db.prepare('SELECT status FROM run_agents WHERE run_id = ?').pluck().get(id) as string,
  };
}

describe('run rollback: races and SIGKILL', () => {
  it(
    'two rollbacks and an advance at once: one consistent history',
    async () => {
      const p = await project();
      const db = p.db();
      for (let round = 0; round < ROUNDS; round++) {
        const id = `race${String(round).padStart(4, '0')}`;
        plannedRun(db, id);
        const outcomes = await killLoop(
          [
            { args: ['run', 'rollback', id, '--to-phase=brainstorm', '--timeout=10s'] },
            { args: ['run', 'rollback', id, '--to-phase=strategized', '--timeout=10s'] },
            { args: ['run', 'advance', id, '--disable-gates', '--timeout=10s'] },
          ],
          p.dir,
          { seed: round + 1, parallel: 3, typicalMs: 1, spare: 1 },
        );
        for (const o of outcomes) expect([0, 1], `${o.inv.args.join(' ')}: ${o.stderr}`).toContain(o.code);
        const s = stateOf(db, id);
        // One history: every move starts where the one before ended, and the last ends at runs.phase.
        let at = 'planned';
        const passed = new Set<string>();
        for (const m of s.moves) {
          expect(m.from_phase, `${id}: ${JSON.stringify(s.moves)}`).toBe(at);
          if (m.event_type === 'rollback')
            CHAIN.slice(CHAIN.indexOf(m.to_phase) + 1, CHAIN.indexOf(m.from_phase) + 1).forEach((ph) => passed.add(ph));
          at = m.to_phase;
        }
        expect(s.phase).toBe(at);
        expect(s.status).toBe('active');
        // Every rollback that exited 0 is in it, and nothing else is.
        const rolledBack = outcomes.filter((o) => o.inv.args[1] === 'rollback' && o.code === 0);
        expect(s.moves.filter((m) => m.event_type === 'rollback').length).toBe(rolledBack.length);
        for (const o of rolledBack) {
          const out = JSON.parse(o.stdout) as { from_phase: string; to_phase: string };
          expect(s.moves).toContainEqual({ from_phase: out.from_phase, to_phase: out.to_phase, event_type: 'rollback' });
        }
        // The artifacts, dispatch and agent match the rollbacks that happened.
        expect(s.artifacts).toEqual({
          brainstorm: 'active',
          strategized: passed.has('strategized') ? 'rolled_back' : 'active',
        });
        const any = rolledBack.length > 0;
        expect([s.dispatch, s.dispatchEvents, s.agent]).toEqual(any ? ['cancelled', 1, 'failed'] : ['running', 0, 'active']);
      }
    },
    TIMEOUT,
  );

  it(
    `SIGKILL during rollback (${KILLS}): each run wholly before or wholly after`,
    async () => {
      const p = await project();
      const db = p.db();
      const ids = Array.from({ length: KILLS }, (_, i) => `kill${String(i).padStart(4, '0')}`);
      db.transaction(() => ids.forEach((id) => plannedRun(db, id)))();
      const invocations: Invocation[] = ids.map((id) => ({
        args: ['run', 'rollback', id, '--to-phase=brainstorm-reviewed', '--reason=k', '--timeout=10s'],
      }));
      const typical = await typicalMs({ args: ['run', 'rollback', ids[0]!, '--to-phase=brainstorm-reviewed', '--dry-run'] }, p.dir);
      const outcomes = await killLoop(invocations, p.dir, { seed: 26, parallel: 4, typicalMs: typical });
      tally('crash: run rollback', outcomes);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const before: Omit<RunState, 'moves'> & { moves: RunState['moves'] } = {
        phase: 'planned',
        status: 'active',
        moves: [],
        artifacts: { brainstorm: 'active', strategized: 'active' },
        dispatch: 'running',
        dispatchEvents: 0,
        agent: 'active',
      };
      const after: RunState = {
        phase: 'brainstorm-reviewed',
        status: 'active',
        moves: [{ from_phase: 'planned', to_phase: 'brainstorm-reviewed', event_type: 'rollback' }],
        artifacts: { brainstorm: 'active', strategized: 'rolled_back' },
        dispatch: 'cancelled',
        dispatchEvents: 1,
        agent: 'failed',
      };
      let seenBefore = 0;
      let seenAfter = 0;
      for (const [i, o] of outcomes.entries()) {
        const s = stateOf(db, ids[i]!);
        if (!o.killed) {
          expect(o.code, o.stderr).toBe(0);
          expect(s).toEqual(after);
        } else {
          expect([before, after]).toContainEqual(s);
        }
        if (s.phase === 'planned') seenBefore++;
        else seenAfter++;
      }
      console.log(`crash: run rollback: ${seenBefore} runs left before, ${seenAfter} after`);
      expect(seenAfter).toBeGreaterThan(0);
    },
    TIMEOUT,
  );
});
