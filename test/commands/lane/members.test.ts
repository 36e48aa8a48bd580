import { describe, expect, it } from 'vitest';
import { project } from '../../helpers';
import { makeLane } from './common';

describe('lane members', () => {
  it("lists a lane's beads, one a line or as a JSON list; none: a line, or []", async () => {
    const p = await project();
    await makeLane(p, 'interop');
    expect(await p.ic(['lane', 'members', 'interop'])).toEqual({ code: 0, stdout: 'no members\n', stderr: '' });
    expect(await p.ic(['--json', 'lane', 'members', 'interop'])).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
    await p.ic(['lane', 'sync', 'interop', '--bead-ids=iv-c,iv-a,iv-b']);
    expect(await p.ic(['lane', 'members', 'interop'])).toEqual({ code: 0, stdout: 'iv-a\niv-b\niv-c\n', stderr: '' });
    expect(await p.ic(['lane', 'members', 'interop', '--json'])).toEqual({ code: 0, stdout: '["iv-a","iv-b","iv-c"]\n', stderr: '' });
    expect(await p.ic(['lane', 'members', 'nope'])).toEqual({ code: 2, stdout: '', stderr: 'ic: lane members: lane not found: nope\n' });
  });
});
