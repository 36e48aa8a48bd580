import { describe, expect, it } from 'vitest';
import { project } from '../../helpers';
import { newRun } from './common';

describe('run list and events', () => {
  it('events: oldest first, empty fields for nulls; --json omits nulls', async () => {
    const p = await project();
    const id = await newRun(p);
    await p.ic(['run', 'advance', id, '--skip-reason=why', '--priority=4']);
    await p.ic(['run', 'cancel', id]);
    p.db().prepare('UPDATE phase_events SET created_at = 7').run();
    expect(await p.ic(['run', 'events', id])).toEqual({
      code: 0,
      stdout: 'brainstorm → brainstorm-reviewed\tadvance\tnone\twhy\nbrainstorm-reviewed → brainstorm-reviewed\tcancel\t\t\n',
      stderr: '',
    });
    const ids = (p.db().prepare('SELECT id FROM phase_events ORDER BY id').all() as { id: number }[]).map((e) => e.id);
    expect((await p.ic(['--json', 'run', 'events', id])).stdout).toBe(
      `[{"created_at":7,"event_type":"advance","from_phase":"brainstorm","gate_result":"none","gate_tier":"none","id":${ids[0]},"reason":"why","run_id":"${id}","to_phase":"brainstorm-reviewed"},` +
        `{"created_at":7,"event_type":"cancel","from_phase":"brainstorm-reviewed","id":${ids[1]},"run_id":"${id}","to_phase":"brainstorm-reviewed"}]\n`,
    );
    expect(await p.ic(['run', 'events', 'nosuchid'])).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});
