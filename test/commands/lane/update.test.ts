import { describe, expect, it } from 'vitest';
import { project } from '../../helpers';
import { makeLane } from './common';

describe('lane update', () => {
  it("sets a lane's intent, named by id or name; --intent= clears it", async () => {
    const p = await project();
    const id = await makeLane(p, 'interop');
    expect(await p.ic(['lane', 'update', '--name=interop', '--intent=ship the bridge'])).toEqual({
      code: 0,
      stdout: 'updated interop intent\n',
      stderr: '',
    });
    expect(p.db().prepare('SELECT intent FROM lanes').get()).toEqual({ intent: 'ship the bridge' });
    // --json is ignored: the text is the answer, as Go prints it.
    expect(await p.ic(['--json', 'lane', 'update', `--name=${id}`, '--intent='])).toEqual({
      code: 0,
      stdout: 'updated interop intent\n',
      stderr: '',
    });
    expect(p.db().prepare('SELECT intent FROM lanes').get()).toEqual({ intent: '' });
  });

  it("needs --name and --intent (exit 3); an unknown lane is exit 2; Clavain's --metadata call is exit 3", async () => {
    const p = await project();
    await makeLane(p, 'interop');
    expect(await p.ic(['lane', 'update', '--intent=x'])).toEqual({ code: 3, stdout: '', stderr: 'ic: lane update: --name is required\n' });
    expect(await p.ic(['lane', 'update', '--name=interop'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: lane update: --intent is required (only supported field)\n',
    });
    expect(await p.ic(['lane', 'update', '--name=nope', '--intent=x'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ic: lane update: lane not found: nope\n',
    });
    // Clavain's call: exit 3 (Go's too: --name is required), so Clavain takes its fallback.
    expect(await p.ic(['lane', 'update', 'interop', '--metadata={"paused":"true"}'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: lane update: unexpected argument "interop" (see: ic lane update --help)\n',
    });
    const r = await p.ic(['lane', 'update', '--name=interop', '--metadata={"paused":"true"}']);
    expect(r).toMatchObject({ code: 3, stdout: '' });
    expect(r.stderr).toMatch(/^ic: lane update: unknown flag/);
    expect(p.db().prepare('SELECT intent, metadata FROM lanes').get()).toEqual({ intent: '', metadata: '{}' });
  });
});
