import { describe, expect, it } from 'vitest';
import { project } from '../../helpers';
import { makeLane } from './common';

describe('lane list', () => {
  it('no lanes: a line of text, [] as JSON', async () => {
    const p = await project();
    expect(await p.ic(['lane', 'list'])).toEqual({ code: 0, stdout: 'no lanes\n', stderr: '' });
    expect(await p.ic(['--json', 'lane', 'list'])).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
  });

  it('lists lanes by name, as a table or JSON; --status and --active filter', async () => {
    const p = await project();
    const k = await makeLane(p, 'kernel', '--type=arc');
    const i = await makeLane(p, 'interop', '--description=Plugin interop');
    await p.ic(['lane', 'close', k]);
    expect(await p.ic(['lane', 'list'])).toEqual({
      code: 0,
      stdout: `NAME         TYPE       STATUS   ID\ninterop      standing   active   ${i}\nkernel       arc        closed   ${k}\n`,
      stderr: '',
    });
    const rows = p.db().prepare('SELECT id, created_at, updated_at FROM lanes ORDER BY name').all() as {
      created_at: number;
      updated_at: number;
    }[];
    const json = await p.ic(['lane', 'list', '--json']);
    expect(json.stdout).toBe(
      `[{"created_at":${rows[0]!.created_at},"description":"Plugin interop","id":"${i}","lane_type":"standing","name":"interop","status":"active","updated_at":${rows[0]!.updated_at}},` +
        `{"created_at":${rows[1]!.created_at},"description":"","id":"${k}","lane_type":"arc","name":"kernel","status":"closed","updated_at":${rows[1]!.updated_at}}]\n`,
    );
    expect((await p.ic(['lane', 'list', '--active'])).stdout).toBe(
      `NAME         TYPE       STATUS   ID\ninterop      standing   active   ${i}\n`,
    );
    expect((await p.ic(['--json', 'lane', 'list', '--status=closed'])).stdout).toMatch(/^\[\{[^\]]*"name":"kernel"[^\]]*\}\]\n$/);
    expect(await p.ic(['lane', 'list', '--status=archived'])).toEqual({ code: 0, stdout: 'no lanes\n', stderr: '' });
    expect(await p.ic(['lane', 'list', '--status=open'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: lane list: invalid --status value "open": want one of active, closed, archived\n',
    });
  });
});
