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
    // The envelope ic stamped on each (its span id holds the time in nanoseconds), parsed, its keys sorted.
    const rows = p.db().prepare('SELECT id, envelope_json FROM phase_events ORDER BY id').all() as { id: number; envelope_json: string }[];
    const envelope = (i: number) => {
      const e = JSON.parse(rows[i]!.envelope_json) as Record<string, unknown>;
      return JSON.stringify(
        Object.fromEntries(
          Object.keys(e)
            .sort()
            .map((k) => [k, e[k]]),
        ),
      );
    };
    expect(envelope(0)).toMatch(/"span_id":"phase:advance:\d+"/);
    expect((await p.ic(['--json', 'run', 'events', id])).stdout).toBe(
      `[{"created_at":7,"envelope":${envelope(0)},"event_type":"advance","from_phase":"brainstorm","gate_result":"none","gate_tier":"none","id":${rows[0]!.id},"reason":"why","run_id":"${id}","to_phase":"brainstorm-reviewed"},` +
        `{"created_at":7,"envelope":${envelope(1)},"event_type":"cancel","from_phase":"brainstorm-reviewed","id":${rows[1]!.id},"run_id":"${id}","to_phase":"brainstorm-reviewed"}]\n`,
    );
    expect(await p.ic(['run', 'events', 'nosuchid'])).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});
