import { describe, expect, it } from 'vitest';
import { project } from '../../helpers';
import { makeLane } from './common';

describe('lane sync', () => {
  it("makes the lane's members exactly the beads given, an event for each bead added or removed and one snapshot", async () => {
    const p = await project();
    const id = await makeLane(p, 'interop');
    expect(await p.ic(['lane', 'sync', id, '--bead-ids=iv-a,iv-b,iv-a'])).toEqual({
      code: 0,
      stdout: 'synced 2 members to lane interop\n',
      stderr: '',
    });
    expect(await p.ic(['--json', 'lane', 'sync', 'interop', '--bead-ids', 'iv-b,iv-c'])).toEqual({
      code: 0,
      stdout: `{"lane_id":"${id}","member_count":2}\n`,
      stderr: '',
    });
    const db = p.db();
    expect(db.prepare('SELECT bead_id FROM lane_members ORDER BY bead_id').all()).toEqual([{ bead_id: 'iv-b' }, { bead_id: 'iv-c' }]);
    expect(db.prepare('SELECT event_type, payload FROM lane_events ORDER BY id').all()).toEqual([
      { event_type: 'created', payload: '{}' },
      { event_type: 'bead_added', payload: '{"bead_id":"iv-a"}' },
      { event_type: 'bead_added', payload: '{"bead_id":"iv-b"}' },
      { event_type: 'snapshot', payload: '{"count":2}' },
      { event_type: 'bead_added', payload: '{"bead_id":"iv-c"}' },
      { event_type: 'bead_removed', payload: '{"bead_id":"iv-a"}' },
      { event_type: 'snapshot', payload: '{"count":2}' },
    ]);
  });

  it('refuses a missing, empty or bad bead list (exit 3) and an unknown lane (exit 2), writing nothing', async () => {
    const p = await project();
    await makeLane(p, 'interop');
    const events = () => p.db().prepare('SELECT count(*) AS n FROM lane_events').get();
    const before = events();
    expect(await p.ic(['lane', 'sync', 'interop'])).toEqual({ code: 3, stdout: '', stderr: 'ic: lane sync: --bead-ids is required\n' });
    expect(await p.ic(['lane', 'sync', 'interop', '--bead-ids='])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: lane sync: --bead-ids is required\n',
    });
    expect(await p.ic(['lane', 'sync', 'interop', '--bead-ids=a,,b'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: lane sync: --bead-ids holds an empty bead id (two commas, or one at an end)\n',
    });
    expect(await p.ic(['lane', 'sync', 'interop', '--bead-ids=a,b\nc'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: lane sync: a bead id of --bead-ids must be one line, without control characters\n',
    });
    expect(await p.ic(['lane', 'sync', 'nope', '--bead-ids=a'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ic: lane sync: lane not found: nope\n',
    });
    expect(events()).toEqual(before);
    expect(p.db().prepare('SELECT count(*) AS n FROM lane_members').get()).toEqual({ n: 0 });
  });
});
