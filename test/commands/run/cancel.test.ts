import { describe, expect, it } from 'vitest';
import { project } from '../../helpers';
import { events, newRun, runRow } from './common';

describe('run cancel and set', () => {
  it('cancel: status cancelled, completed_at, a cancel event; twice exits 1', async () => {
    const p = await project();
    const id = await newRun(p);
    expect(await p.ic(['run', 'cancel', id])).toEqual({ code: 0, stdout: 'cancelled\n', stderr: '' });
    expect(runRow(p, id)).toMatchObject({ status: 'cancelled', completed: 1 });
    expect(events(p, id)).toEqual([
      { from_phase: 'brainstorm', to_phase: 'brainstorm', event_type: 'cancel', gate_result: null, gate_tier: null, reason: null },
    ]);
    expect(await p.ic(['run', 'cancel', id])).toEqual({ code: 1, stdout: '', stderr: 'ic: run cancel: run already cancelled\n' });
    expect(await p.ic(['run', 'advance', id])).toEqual({ code: 1, stdout: '', stderr: 'ic: run advance: run is in a terminal status\n' });
    expect(await p.ic(['run', 'set', id, '--complexity=1'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'ic: run set: run already cancelled\n',
    });
    expect(events(p, id)).toHaveLength(1);
  });
});

describe('run cancel --json', () => {
  it('the id and the new status', async () => {
    const p = await project();
    const id = await newRun(p);
    expect(await p.ic(['--json', 'run', 'cancel', id])).toEqual({ code: 0, stdout: `{"id":"${id}","status":"cancelled"}\n`, stderr: '' });
  });
});
