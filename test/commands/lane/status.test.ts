import { describe, expect, it } from 'vitest';
import { project } from '../../helpers';
import { makeLane, setLaneTimes } from './common';

process.env.TZ = 'UTC';

describe('lane status', () => {
  it('shows a lane by id or by name, as text or JSON (metadata a JSON string, as Go prints it)', async () => {
    const p = await project();
    const id = await makeLane(p, 'interop', '--description=Plugin interop', '--intent=keep plugins talking');
    setLaneTimes(p, id, 1_700_000_000);
    p.db().prepare(`UPDATE lanes SET metadata = '{"paused":"true"}' WHERE id = ?`).run(id);
    const text =
      'Lane: interop (ID)\nType: standing  Status: active\nDescription: Plugin interop\nIntent: keep plugins talking\nMembers: 0  Events: 1\nCreated: 2023-11-14T22:13:20Z\n';
    expect(await p.ic(['lane', 'status', id])).toEqual({ code: 0, stdout: text.replace('ID', id), stderr: '' });
    expect(await p.ic(['lane', 'status', 'interop'])).toEqual({ code: 0, stdout: text.replace('ID', id), stderr: '' });
    expect(await p.ic(['lane', 'status', 'interop', '--json'])).toEqual({
      code: 0,
      stdout:
        `{"created_at":1700000000,"description":"Plugin interop","event_count":1,"id":"${id}","intent":"keep plugins talking","lane_type":"standing",` +
        `"member_count":0,"members":[],"metadata":"{\\"paused\\":\\"true\\"}","name":"interop","status":"active","updated_at":1700000000}\n`,
      stderr: '',
    });
  });

  it('lists the members; leaves out an empty description and intent', async () => {
    const p = await project();
    const id = await makeLane(p, 'kernel', '--type=arc');
    await p.ic(['lane', 'sync', id, '--bead-ids=iv-2,iv-1']);
    setLaneTimes(p, id, 1_700_000_000);
    expect((await p.ic(['lane', 'status', 'kernel'])).stdout).toBe(
      `Lane: kernel (${id})\nType: arc  Status: active\nMembers: 2  Events: 4\nCreated: 2023-11-14T22:13:20Z\nMembers (2): iv-1, iv-2\n`,
    );
    const json = JSON.parse((await p.ic(['--json', 'lane', 'status', id])).stdout) as { members: string[]; member_count: number };
    expect([json.members, json.member_count]).toEqual([['iv-1', 'iv-2'], 2]);
  });

  it('an unknown lane is exit 2', async () => {
    const p = await project();
    expect(await p.ic(['lane', 'status', 'nope', '--json'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ic: lane status: lane not found: nope\n',
    });
    expect(await p.ic(['lane', 'status'])).toMatchObject({ code: 3, stdout: '' });
  });
});
