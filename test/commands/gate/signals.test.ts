import { describe, expect, it } from 'vitest';
import { project } from '../../helpers';
import { newRun } from '../run/common';

const FAIL = (check: string) => JSON.stringify({ conditions: [{ check, result: 'fail' }] });
const PASS = (...checks: string[]) => JSON.stringify({ conditions: checks.map((check) => ({ check, result: 'pass' })) });

describe('gate signals', () => {
  it('none yet: {"cursor":<since>,"signals":[]}, JSON with or without --json', async () => {
    const p = await project();
    expect(await p.ic(['gate', 'signals'])).toEqual({ code: 0, stdout: '{"cursor":0,"signals":[]}\n', stderr: '' });
    expect(await p.ic(['--json', 'gate', 'signals', '--since-id=7'])).toEqual({
      code: 0,
      stdout: '{"cursor":7,"signals":[]}\n',
      stderr: '',
    });
    expect(await p.ic(['gate', 'signals', '--since-id=x'])).toMatchObject({ code: 3, stdout: '' });
  });

  it('tp, fp (override with category, soft advance), tn, fn after a rollback; a block shadowed by a categorised override is dropped; the cursor', async () => {
    const p = await project();
    const a = await newRun(p);
    const b = await newRun(p);
    const ins = p
      .db()
      .prepare(
        'INSERT INTO phase_events (run_id, from_phase, to_phase, event_type, gate_result, gate_tier, reason, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, 50)',
      );
    // Run a: advance passed (tn) to brainstorm-reviewed, later rolled back over it (fn).
    ins.run(a, 'brainstorm', 'brainstorm-reviewed', 'advance', 'pass', 'hard', PASS('artifact_exists', 'budget_not_exceeded'));
    // Run b: blocked, then overridden as justified: the block is dropped, the override is an fp.
    ins.run(b, 'brainstorm', 'brainstorm-reviewed', 'block', 'fail', 'hard', FAIL('artifact_exists'));
    ins.run(b, 'brainstorm', 'brainstorm-reviewed', 'override', 'fail', 'hard', '{"override_category":"justified","reason":"x"}');
    // A soft failure that moved (fp), a gate of none (no signal), a block never overridden (tp).
    ins.run(b, 'brainstorm-reviewed', 'strategized', 'advance', 'fail', 'soft', FAIL('artifact_exists'));
    ins.run(b, 'strategized', 'planned', 'advance', 'none', 'none', null);
    ins.run(b, 'planned', 'executing', 'block', 'fail', 'hard', 'not json');
    ins.run(a, 'brainstorm-reviewed', 'brainstorm', 'rollback', null, null, 'undo');
    const ids = p.db().prepare('SELECT id FROM phase_events WHERE created_at = 50 ORDER BY id').pluck().all() as number[];
    const out = JSON.parse((await p.ic(['gate', 'signals'])).stdout) as { cursor: number; signals: Record<string, unknown>[] };
    expect(out.cursor).toBe(ids[5]);
    expect(out.signals).toEqual([
      {
        event_id: ids[0],
        run_id: a,
        check_type: 'artifact_exists',
        from_phase: 'brainstorm',
        to_phase: 'brainstorm-reviewed',
        signal_type: 'fn',
        created_at: 50,
      },
      {
        event_id: ids[0],
        run_id: a,
        check_type: 'budget_not_exceeded',
        from_phase: 'brainstorm',
        to_phase: 'brainstorm-reviewed',
        signal_type: 'fn',
        created_at: 50,
      },
      {
        event_id: ids[2],
        run_id: b,
        check_type: '',
        from_phase: 'brainstorm',
        to_phase: 'brainstorm-reviewed',
        signal_type: 'fp',
        created_at: 50,
        category: 'justified',
      },
      {
        event_id: ids[3],
        run_id: b,
        check_type: 'artifact_exists',
        from_phase: 'brainstorm-reviewed',
        to_phase: 'strategized',
        signal_type: 'fp',
        created_at: 50,
      },
      { event_id: ids[5], run_id: b, check_type: '', from_phase: 'planned', to_phase: 'executing', signal_type: 'tp', created_at: 50 },
    ]);
    // The key order is Go's.
    expect((await p.ic(['gate', 'signals', `--since-id=${ids[4]}`])).stdout).toBe(
      `{"cursor":${ids[5]},"signals":[{"event_id":${ids[5]},"run_id":"${b}","check_type":"","from_phase":"planned","to_phase":"executing","signal_type":"tp","created_at":50}]}\n`,
    );
    expect((await p.ic(['gate', 'signals', `--since-id=${ids[6]}`])).stdout).toBe(`{"cursor":${ids[6]},"signals":[]}\n`);
  });
});
