import { describe, expect, it } from 'vitest';
import { project } from '../../helpers';
import { makeLane, setLaneTimes } from './common';

process.env.TZ = 'UTC';

describe('lane events', () => {
  it("lists a lane's events oldest first, as text or JSON", async () => {
    const p = await project();
    const id = await makeLane(p, 'interop');
    await p.ic(['lane', 'sync', 'interop', '--bead-ids=iv-1']);
    setLaneTimes(p, id, 1_700_000_000);
    expect(await p.ic(['lane', 'events', id])).toEqual({
      code: 0,
      stdout:
        '2023-11-14 22:13  created         {}\n2023-11-14 22:13  bead_added      {"bead_id":"iv-1"}\n2023-11-14 22:13  snapshot        {"count":1}\n',
      stderr: '',
    });
    const ids = (p.db().prepare('SELECT id FROM lane_events ORDER BY id').all() as { id: number }[]).map((r) => r.id);
    expect(await p.ic(['--json', 'lane', 'events', 'interop'])).toEqual({
      code: 0,
      stdout:
        `[{"created_at":1700000000,"event_type":"created","id":${ids[0]},"lane_id":"${id}","payload":"{}"},` +
        `{"created_at":1700000000,"event_type":"bead_added","id":${ids[1]},"lane_id":"${id}","payload":"{\\"bead_id\\":\\"iv-1\\"}"},` +
        `{"created_at":1700000000,"event_type":"snapshot","id":${ids[2]},"lane_id":"${id}","payload":"{\\"count\\":1}"}]\n`,
      stderr: '',
    });
  });

  it('an unknown lane is exit 2', async () => {
    const p = await project();
    expect(await p.ic(['lane', 'events', 'nope'])).toEqual({ code: 2, stdout: '', stderr: 'ic: lane events: lane not found: nope\n' });
  });
});
