// Crash safety of the run commands: `run advance` and `run agent add`
// SIGKILLed at random moments. Runs are made with SQL (not `run create`) so
// that only the command under test is involved. After the storm: integrity
// ok; every advance that exited 0 has its event; for every run the phase
// events form one unbroken chain from brainstorm that ends at runs.phase (no
// phase moved without its event, no event without its move); status is
// completed exactly when the phase is done; every agent whose add exited 0 is
// there.
import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CHAIN } from '../../generated/phases';
import { project } from '../helpers';
import type { Invocation } from './lock-holder';
import { loops } from './common';
import { killLoop, prng, tally, typicalMs } from './kill-loop';

const PER_LOOP = loops(24, 80);
const PHASES = DEFAULT_CHAIN;

function makeRuns(db: Database.Database, n: number): string[] {
  const ids = Array.from({ length: n }, (_, i) => `run${String(i).padStart(5, '0')}`);
  const insert = db.prepare('INSERT INTO runs (id, project_dir, goal, complexity) VALUES (?, ?, ?, ?)');
  ids.forEach((id, i) => insert.run(id, '/p', `goal ${i}`, (i % 5) + 1));
  return ids;
}

describe('SIGKILL at random moments: run commands', () => {
  it('run advance: no half-applied advance, every exit-0 advance recorded', async () => {
    const p = await project();
    const db = p.db();
    const runs = makeRuns(db, 6);
    const random = prng(23);
    const invocations: Invocation[] = Array.from({ length: PER_LOOP }, () => ({
      args: ['run', 'advance', runs[Math.floor(random() * runs.length)]!, '--priority=4'],
    }));
    const typical = await typicalMs({ args: ['run', 'phase', runs[0]!] }, p.dir);
    const outcomes = await killLoop(invocations, p.dir, { seed: 29, parallel: 4, typicalMs: typical });
    tally('crash: run advance', outcomes);

    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    for (const o of outcomes) {
      if (o.killed) continue;
      // Moved (0), or blocked/raced/done (1) with its reason; never an error.
      expect([0, 1], `${o.inv.args.join(' ')}: ${o.stderr}`).toContain(o.code);
      if (o.code === 0) {
        const [from, to] = o.stdout.trim().split(' → ');
        const event = db
          .prepare(
            "SELECT count(*) FROM phase_events WHERE run_id = ? AND from_phase = ? AND to_phase = ? AND event_type IN ('advance', 'skip')",
          )
          .pluck()
          .get(o.inv.args[2], from, to);
        expect(event, `${o.inv.args[2]} ${o.stdout} exited 0 without its event`).toBe(1);
      }
    }
    for (const id of runs) {
      const run = db.prepare('SELECT phase, status, completed_at FROM runs WHERE id = ?').get(id) as {
        phase: string;
        status: string;
        completed_at: number | null;
      };
      const moves = db
        .prepare("SELECT from_phase, to_phase FROM phase_events WHERE run_id = ? AND event_type IN ('advance', 'skip') ORDER BY id")
        .all(id) as { from_phase: string; to_phase: string }[];
      let at = 'brainstorm';
      for (const m of moves) {
        expect(m.from_phase, `${id}: an event starts where the previous did not end`).toBe(at);
        expect(PHASES.indexOf(m.to_phase)).toBeGreaterThan(PHASES.indexOf(m.from_phase));
        at = m.to_phase;
      }
      expect(run.phase, `${id}: runs.phase disagrees with its last event`).toBe(at);
      expect(run.status).toBe(run.phase === 'done' ? 'completed' : 'active');
      expect(run.completed_at === null).toBe(run.phase !== 'done');
    }
  });

  it('run action add and run advance with actions: every exit-0 add is there once, every exit-0 advance has its event', async () => {
    const p = await project();
    const db = p.db();
    const runs = makeRuns(db, 3);
    // Each run's next phases ask for a command already (as Clavain's sprint registers them at create).
    const action = db.prepare(
      "INSERT INTO phase_actions (run_id, phase, action_type, command, args, mode, priority, created_at, updated_at) VALUES (?, ?, 'command', ?, '[\"${run_id}\"]', 'interactive', 0, 1, 1)",
    );
    for (const id of runs) for (const phase of PHASES.slice(1, 4)) action.run(id, phase, `/review-${phase}`);
    const random = prng(37);
    const invocations: Invocation[] = Array.from({ length: PER_LOOP }, (_, i) => {
      const run = runs[Math.floor(random() * runs.length)]!;
      return i % 2
        ? { args: ['--json', 'run', 'advance', run, '--priority=4'] }
        : { args: ['run', 'action', 'add', run, `--phase=${PHASES[1 + (i % 3)]}`, `--command=/extra-${i}`, '--args=["x"]'] };
    });
    const typical = await typicalMs({ args: ['run', 'action', 'list', runs[0]!] }, p.dir);
    const outcomes = await killLoop(invocations, p.dir, { seed: 41, parallel: 4, typicalMs: typical });
    tally('crash: run action add / advance with actions', outcomes);

    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    for (const o of outcomes) {
      if (o.killed) continue;
      expect([0, 1], `${o.inv.args.join(' ')}: ${o.stderr}`).toContain(o.code);
      if (o.code !== 0) continue;
      if (o.inv.args[1] === 'action') {
        const [, , , run, phase, command] = o.inv.args;
        const n = db
          .prepare('SELECT count(*) FROM phase_actions WHERE run_id = ? AND phase = ? AND command = ?')
          .pluck()
          .get(run, phase!.slice('--phase='.length), command!.slice('--command='.length));
        expect(n, `${o.inv.args.join(' ')} exited 0 without its row`).toBe(1);
      } else {
        const moved = JSON.parse(o.stdout) as { from_phase: string; to_phase: string; advanced: boolean };
        const n = db
          .prepare("SELECT count(*) FROM phase_events WHERE run_id = ? AND from_phase = ? AND to_phase = ? AND event_type = 'advance'")
          .pluck()
          .get(o.inv.args[3], moved.from_phase, moved.to_phase);
        expect(n, `${o.inv.args[3]} ${o.stdout} exited 0 without its event`).toBe(1);
      }
    }
    // The seeded actions are all still there: a killed command removed none.
    expect(db.prepare("SELECT count(*) FROM phase_actions WHERE command LIKE '/review-%'").pluck().get()).toBe(runs.length * 3);
  });

  it('run agent add: every agent whose add exited 0 is there with its name', async () => {
    const p = await project();
    const db = p.db();
    const runs = makeRuns(db, 3);
    const invocations: Invocation[] = Array.from({ length: PER_LOOP }, (_, i) => ({
      args: ['run', 'agent', 'add', runs[i % 3]!, `--name=agent${i}`, '--type=codex'],
    }));
    const typical = await typicalMs({ args: ['run', 'agent', 'list', runs[0]!] }, p.dir);
    const outcomes = await killLoop(invocations, p.dir, { seed: 31, parallel: 4, typicalMs: typical });
    tally('crash: run agent add', outcomes);

    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);
    outcomes.forEach((o, i) => {
      if (o.killed) return;
      expect(o, o.stderr).toMatchObject({ code: 0, stderr: '' });
      const id = o.stdout.trim();
      expect(id).toMatch(/^[a-z0-9]{8}$/);
      expect(
        db.prepare('SELECT run_id, name, agent_type, status FROM run_agents WHERE id = ?').get(id),
        `agent${i} exited 0 but is missing`,
      ).toEqual({
        run_id: runs[i % 3],
        name: `agent${i}`,
        agent_type: 'codex',
        status: 'active',
      });
    });
    // No agent twice, none that nobody asked for.
    const names = db.prepare('SELECT name FROM run_agents').pluck().all() as string[];
    expect(new Set(names).size).toBe(names.length);
    for (const name of names) expect(name).toMatch(/^agent\d+$/);
  });
});
