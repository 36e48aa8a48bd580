// A run attached to a goal (run create --goal-id) makes its goal active when
// it moves (run advance, gate override), in the move's transaction; a move
// that does not happen, or a run without a goal, touches no goal.
import { describe, expect, it } from 'vitest';
import { CHAINS } from '../../generated/phases';
import { project } from '../helpers';
import { fixtureGoal } from '../commands/goal/common';

describe("a goal's activity", () => {
  it('run create --goal-id stores the goal; each advance and override of the run stamps last_run_advanced_at', async () => {
    const p = await project();
    fixtureGoal(p, 'g1', { created: 100 });
    fixtureGoal(p, 'g2', { created: 100 });
    const db = p.db();
    const activity = (id: string) =>
      db.prepare('SELECT last_run_advanced_at AS at, updated_at FROM goals WHERE id = ?').get(id) as {
        at: number | null;
        updated_at: number;
      };
    const run = (await p.ic(['run', 'create', '--goal=g', '--goal-id=g1', '--phases=["a","b","c","d"]'])).stdout.trim();
    const other = (await p.ic(['run', 'create', '--goal=g', '--phases=["a","b"]'])).stdout.trim();
    expect(db.prepare('SELECT id, goal_id FROM runs ORDER BY rowid').all()).toEqual([
      { id: run, goal_id: 'g1' },
      { id: other, goal_id: null },
    ]);
    expect(activity('g1')).toEqual({ at: null, updated_at: 100 });
    expect(await p.ic(['run', 'advance', run])).toMatchObject({ code: 0 });
    const first = activity('g1');
    expect(first.at).toBeGreaterThan(100);
    expect(first.updated_at).toBe(first.at);
    db.prepare("UPDATE goals SET last_run_advanced_at = 5, updated_at = 5 WHERE id = 'g1'").run();
    expect(await p.ic(['gate', 'override', run, '--reason=ship it'])).toMatchObject({ code: 0 });
    expect(activity('g1').at).toBeGreaterThan(5);
    // A run without a goal, and a move that does not happen, touch nothing.
    db.prepare("UPDATE goals SET last_run_advanced_at = 5, updated_at = 5 WHERE id = 'g1'").run();
    await p.ic(['run', 'advance', other]);
    await p.ic(['run', 'set', run, '--auto-advance=false']);
    expect(await p.ic(['run', 'advance', run])).toMatchObject({ code: 1 });
    expect(activity('g1')).toEqual({ at: 5, updated_at: 5 });
    expect(activity('g2')).toEqual({ at: null, updated_at: 100 });
  });

  it('a goal whose run advances is not dormant', async () => {
    const p = await project();
    fixtureGoal(p, 'g1', { created: 100 });
    const run = (await p.ic(['run', 'create', '--goal=g', '--goal-id=g1', '--phases=["a","b"]'])).stdout.trim();
    expect(await p.ic(['goal', 'audit', '--dormant-after=3600'])).toMatchObject({
      code: 1,
      stdout: expect.stringContaining('"kind":"dormant"'),
    });
    await p.ic(['run', 'advance', run]);
    expect(await p.ic(['goal', 'audit', '--dormant-after=3600'])).toEqual({ code: 0, stdout: 'null\n', stderr: '' });
  });

  it('the goal-native chain is an opt-in chain a run takes as its own', async () => {
    expect(CHAINS).toEqual({ goal_native: ['goal-formed', 'planned', 'executing', 'review', 'polish', 'reflect', 'done'] });
    const p = await project();
    fixtureGoal(p, 'g1');
    const run = (await p.ic(['run', 'create', '--goal=g', '--goal-id=g1', `--phases=${JSON.stringify(CHAINS.goal_native)}`])).stdout.trim();
    expect((await p.ic(['run', 'phase', run])).stdout).toBe('goal-formed\n');
    const walked: string[] = [];
    for (let i = 0; i < CHAINS.goal_native!.length - 1; i++) {
      const r = await p.ic(['--json', 'run', 'advance', run, '--disable-gates']);
      walked.push((JSON.parse(r.stdout) as { to_phase: string }).to_phase);
    }
    expect(walked).toEqual(CHAINS.goal_native!.slice(1));
    expect(p.db().prepare('SELECT status FROM runs').pluck().get()).toBe('completed');
    expect(p.db().prepare('SELECT last_run_advanced_at IS NOT NULL FROM goals').pluck().get()).toBe(1);
  });
});
