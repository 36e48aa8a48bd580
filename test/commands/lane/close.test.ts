import { describe, expect, it } from 'vitest';
import { project } from '../../helpers';
import { makeLane } from './common';

describe('lane close', () => {
  it('closes an active lane once, with a closed event; a second close or an unknown lane is exit 2', async () => {
    const p = await project();
    const id = await makeLane(p, 'interop');
    expect(await p.ic(['lane', 'close', id])).toEqual({ code: 0, stdout: 'closed\n', stderr: '' });
    const row = p.db().prepare('SELECT status, closed_at, updated_at FROM lanes').get() as {
      status: string;
      closed_at: number;
      updated_at: number;
    };
    expect(row.status).toBe('closed');
    expect(row.closed_at).toBe(row.updated_at);
    expect(p.db().prepare('SELECT event_type FROM lane_events ORDER BY id').all()).toEqual([
      { event_type: 'created' },
      { event_type: 'closed' },
    ]);
    expect(await p.ic(['lane', 'close', 'interop'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ic: lane close: lane interop is already closed\n',
    });
    expect(await p.ic(['--json', 'lane', 'close', 'nope'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ic: lane close: lane not found: nope\n',
    });
    expect(p.db().prepare('SELECT count(*) AS n FROM lane_events').get()).toEqual({ n: 2 });
  });
});
