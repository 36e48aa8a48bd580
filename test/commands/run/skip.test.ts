import { describe, expect, it } from 'vitest';
import { project } from '../../helpers';
import { snapshot } from '../../hardening/common';
import { events, newRun, runRow } from './common';

describe('run skip', () => {
  it('marks a future phase: a skip event with the reason (actor= when given), the run does not move', async () => {
    const p = await project();
    const id = await newRun(p);
    expect(await p.ic(['run', 'skip', id, 'strategized', '--reason=small change'])).toEqual({
      code: 0,
      stdout: 'skipped: strategized\n',
      stderr: '',
    });
    expect(await p.ic(['--json', 'run', 'skip', id, 'strategized', '--reason=again', '--actor=claude'])).toEqual({
      code: 0,
      stdout: '{"phase":"strategized","status":"skipped"}\n',
      stderr: '',
    });
    expect(events(p, id)).toEqual([
      { from_phase: 'brainstorm', to_phase: 'strategized', event_type: 'skip', gate_result: null, gate_tier: null, reason: 'small change' },
      {
        from_phase: 'brainstorm',
        to_phase: 'strategized',
        event_type: 'skip',
        gate_result: null,
        gate_tier: null,
        reason: 'actor=claude: again',
      },
    ]);
    expect(runRow(p, id)).toMatchObject({ phase: 'brainstorm' });
  });

  it('refusals: exit 1 with the contract messages, the database unchanged', async () => {
    const p = await project();
    const id = await newRun(p, '--phases=["a","b","c","d"]');
    p.db().prepare("UPDATE runs SET phase = 'b' WHERE id = ?").run(id);
    const done = await newRun(p);
    await p.ic(['run', 'cancel', done]);
    const before = snapshot(p.db());
    const refusals: [string[], string][] = [
      [['nosuch01', 'b'], 'run not found'],
      [[done, 'planned'], 'run is in a terminal status'],
      [[id, 'zz'], 'skip: phase "zz" not in chain'],
      [[id, 'a'], 'skip: phase "a" is not ahead of current phase "b"'],
      [[id, 'b'], 'skip: phase "b" is not ahead of current phase "b"'],
      [[id, 'd'], 'skip: cannot skip terminal phase "d"'],
    ];
    for (const [args, message] of refusals) {
      expect(await p.ic(['run', 'skip', ...args, '--reason=r'])).toEqual({ code: 1, stdout: '', stderr: `ic: run skip: ${message}\n` });
    }
    expect(snapshot(p.db())).toBe(before);
  });

  it('usage: both positionals and --reason are required (exit 3)', async () => {
    const p = await project();
    const id = await newRun(p);
    expect(await p.ic(['run', 'skip', id, 'planned'])).toEqual({ code: 3, stdout: '', stderr: 'ic: run skip: --reason is required\n' });
    expect((await p.ic(['run', 'skip', id, '--reason=x'])).code).toBe(3);
    expect(events(p, id)).toEqual([]);
  });
});
