import { describe, expect, it } from 'vitest';
import { snapshot } from '../../hardening/common';
import { project, runIcConcurrently } from '../../helpers';
import { events, newRun, runRow } from '../run/common';

describe('gate override', () => {
  it('moves past a failing gate in one transaction: the move and an override event (fail, hard, the reason)', async () => {
    const p = await project();
    const id = await newRun(p);
    expect(await p.ic(['gate', 'override', id, '--reason=demo today'])).toEqual({
      code: 0,
      stdout: 'brainstorm → brainstorm-reviewed (override: demo today, category: uncategorized)\n',
      stderr: 'gate override: DEPRECATION: specify --justified or --expedient for signal quality\n',
    });
    expect(await p.ic(['--json', 'gate', 'override', id, '--reason=again', '--justified'])).toEqual({
      code: 0,
      stdout: '{"category":"justified","from_phase":"brainstorm-reviewed","reason":"again","to_phase":"strategized"}\n',
      stderr: '',
    });
    expect(await p.ic(['gate', 'override', id, '--reason=x', '--justified', '--expedient'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: gate override: --justified and --expedient are mutually exclusive\n',
    });
    expect(events(p, id)).toEqual([
      {
        from_phase: 'brainstorm',
        to_phase: 'brainstorm-reviewed',
        event_type: 'override',
        gate_result: 'fail',
        gate_tier: 'hard',
        reason: '{"override_category":"uncategorized","reason":"demo today"}',
      },
      {
        from_phase: 'brainstorm-reviewed',
        to_phase: 'strategized',
        event_type: 'override',
        gate_result: 'fail',
        gate_tier: 'hard',
        reason: '{"override_category":"justified","reason":"again"}',
      },
    ]);
  });

  it('to the last phase completes the run; skipped phases are passed over; auto_advance is ignored', async () => {
    const p = await project();
    const id = await newRun(p, '--phases=["a","b","c"]');
    await p.ic(['run', 'set', id, '--auto-advance=false']);
    await p.ic(['run', 'skip', id, 'b', '--reason=r']);
    expect(await p.ic(['gate', 'override', id, '--reason=ship', '--expedient'])).toEqual({
      code: 0,
      stdout: 'a → c (override: ship, category: expedient)\n',
      stderr: '',
    });
    expect(runRow(p, id)).toMatchObject({ status: 'completed', phase: 'c', completed: 1 });
  });

  it('refusals exit 1 and write nothing; --reason is required (exit 3)', async () => {
    const p = await project();
    const id = await newRun(p, '--phases=["a","b"]');
    p.db().prepare("UPDATE runs SET phase = 'b' WHERE id = ?").run(id);
    const gone = await newRun(p);
    await p.ic(['run', 'cancel', gone]);
    const before = snapshot(p.db());
    expect(await p.ic(['gate', 'override', 'nosuch01', '--reason=x', '--justified'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'ic: gate override: not found: nosuch01\n',
    });
    expect(await p.ic(['gate', 'override', gone, '--reason=x', '--justified'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'ic: gate override: run is cancelled\n',
    });
    expect(await p.ic(['gate', 'override', id, '--reason=x', '--justified'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'ic: gate override: run is already at terminal phase\n',
    });
    expect(await p.ic(['gate', 'override', id])).toEqual({ code: 3, stdout: '', stderr: 'ic: gate override: --reason is required\n' });
    expect(snapshot(p.db())).toBe(before);
  });

  it('8 concurrent overrides: each phase entered exactly once, the rest exit 1, none exit 2', async () => {
    const p = await project();
    const id = await newRun(p, '--phases=["p0","p1","p2","p3","p4"]');
    const results = await runIcConcurrently(8, ['gate', 'override', id, '--reason=race', '--justified'], p.dir);
    expect(results.filter((r) => r.code !== 0 && r.code !== 1)).toEqual([]);
    expect(results.filter((r) => r.code === 0)).toHaveLength(4);
    const moves = events(p, id) as { to_phase: string }[];
    expect(moves.map((m) => m.to_phase)).toEqual(['p1', 'p2', 'p3', 'p4']);
    for (const r of results.filter((r) => r.code === 1))
      expect(r.stderr).toMatch(/^ic: gate override: (phase changed: .*|run is completed)\n$/);
  });
});
