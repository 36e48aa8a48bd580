import { describe, expect, it } from 'vitest';
import { project } from '../../helpers';
import { makeLane } from './common';

describe('lane velocity', () => {
  it('no active lanes: a line, or []', async () => {
    const p = await project();
    expect(await p.ic(['lane', 'velocity'])).toEqual({ code: 0, stdout: 'no active lanes\n', stderr: '' });
    expect(await p.ic(['--json', 'lane', 'velocity'])).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
  });

  it('ranks active lanes by starvation: 3 per open bead over the beads removed in the window (at least 0.1)', async () => {
    const p = await project();
    const a = await makeLane(p, 'alpha');
    const b = await makeLane(p, 'beta');
    const c = await makeLane(p, 'gamma');
    const closed = await makeLane(p, 'zeta');
    await p.ic(['lane', 'close', closed]);
    await p.ic(['lane', 'sync', a, '--bead-ids=a1,a2,a3,a4,a5']);
    await p.ic(['lane', 'sync', a, '--bead-ids=a1,a2,a3']); // two removed
    await p.ic(['lane', 'sync', b, '--bead-ids=b1']);
    // A removal older than the window does not count.
    const db = p.db();
    db.prepare(`INSERT INTO lane_events (lane_id, event_type, payload, created_at) VALUES (?, 'bead_removed', '{}', ?)`).run(c, 1000);
    expect(await p.ic(['lane', 'velocity'])).toEqual({
      code: 0,
      stdout:
        'LANE          OPEN CLOSED   THRPUT      STARV\n' +
        'beta             1      0      0.0       30.0\n' +
        'alpha            3      2      2.0        4.5\n' +
        'gamma            0      0      0.0        0.0\n',
      stderr: '',
    });
    expect(await p.ic(['--json', 'lane', 'velocity', '--days=1'])).toEqual({
      code: 0,
      stdout:
        `[{"closed":0,"lane_id":"${b}","name":"beta","open_beads":1,"starvation":30,"throughput":0},` +
        `{"closed":2,"lane_id":"${a}","name":"alpha","open_beads":3,"starvation":4.5,"throughput":2},` +
        `{"closed":0,"lane_id":"${c}","name":"gamma","open_beads":0,"starvation":0,"throughput":0}]\n`,
      stderr: '',
    });
    // A window reaching back to the old removal counts it.
    expect((await p.ic(['lane', 'velocity', `--days=${Math.ceil(Date.now() / 86_400_000)}`])).stdout).toMatch(
      /\ngamma +0 +1 +1\.0 +0\.0\n/,
    );
  });

  it('refuses --days below 1 or not a number (exit 3)', async () => {
    const p = await project();
    expect(await p.ic(['lane', 'velocity', '--days=0'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: lane velocity: invalid --days value: 0\n',
    });
    expect(await p.ic(['lane', 'velocity', '--days=x'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: lane velocity: invalid --days value: x\n',
    });
  });
});
