import { describe, expect, it } from 'vitest';
import { DEFAULT_CHAIN as PHASES } from '../../../generated/phases';
import { project, runIcConcurrently } from '../../helpers';
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
    expect(await p.ic(['run', 'advance', id])).toEqual({ code: 1, stdout: '', stderr: 'ic: run advance: run already completed\n' });
    expect(events(p, id)).toHaveLength(7);
  });

  it('--json, compact and sorted, with reason "" when none', async () => {
    const p = await project();
    const id = await newRun(p);
    expect(await p.ic(['--json', 'run', 'advance', id])).toEqual({
      code: 0,
      stdout:
        '{"advanced":true,"event_type":"advance","from_phase":"brainstorm","gate_result":"pass","gate_tier":"none","reason":"","to_phase":"brainstorm-reviewed"}\n',
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

  it('--priority must be a whole number >= 0 (exit 3)', async () => {
    const p = await project();
    const id = await newRun(p);
    expect(await p.ic(['run', 'advance', id, '--priority=-1'])).toMatchObject({ code: 3, stdout: '' });
    expect(await p.ic(['run', 'advance', id, '--priority=high'])).toMatchObject({ code: 3, stdout: '' });
    expect(events(p, id)).toEqual([]);
  });

  it('16 concurrent advances: each success is one step, no step taken twice, none exits 2', async () => {
    const p = await project();
    const id = await newRun(p);
    const results = await runIcConcurrently(16, ['run', 'advance', id], p.dir);
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
      expect(r.stderr).toMatch(/^ic: run advance: (phase changed: .*|run already completed)\n$/);
    }
  });
});
