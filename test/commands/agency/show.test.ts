import { describe, expect, it } from 'vitest';
import { project } from '../../helpers';
import { specDir } from './common';

describe('agency show', () => {
  it("prints the spec as Go's JSON of its struct (compact, one line), with or without --json; reads no database", async () => {
    const p = await project({ init: false });
    specDir(p);
    const build =
      '{"meta":{"stage":"build","description":"Build it","phases":["planned","executing"]},' +
      '"agents":[{"phase":"planned","command":"/review","args":["${artifact:plan}"],"mode":"interactive","priority":0,"description":"Review the plan"},' +
      '{"phase":"executing","command":"/work","mode":"both","priority":10}],' +
      '"models":{"executing":{"default":"haiku"},"planned":{"default":"sonnet","categories":{"review":"opus"}}},' +
      '"tools":{"review":{"allow":["Read"],"deny":["Edit"]}},"artifacts":{"required":[{"type":"plan","phase":"planned"}]},' +
      '"gates":{"entry":[{"check":"artifact_exists","phase":"planned","tier":"hard","description":"Plan first"}],' +
      '"exit":[{"check":"agents_complete","tier":"hard"},{"check":"verdict_exists","tier":"soft"}]},' +
      '"budget":{"allocation":0.5,"max_agents":4,"warn_threshold":0.8},' +
      '"capabilities":{"workflow":{"kernel":["events.tail","run.advance"],"filesystem":["read"]}}}\n';
    expect(await p.ic(['agency', 'show', 'build', '--spec-dir=agency'])).toEqual({ code: 0, stdout: build, stderr: '' });
    expect(await p.ic(['--json', 'agency', 'show', 'build', '--spec-dir=agency'])).toEqual({ code: 0, stdout: build, stderr: '' });
    // The least spec: agents null, empty artifacts and gates, a zero budget.
    expect(await p.ic(['--json', 'agency', 'show', 'design', '--spec-dir=agency'])).toEqual({
      code: 0,
      stdout:
        '{"meta":{"stage":"design","description":"","phases":["brainstorm-reviewed","strategized"]},"agents":null,"artifacts":{},"gates":{},' +
        '"budget":{"allocation":0,"max_agents":0,"warn_threshold":0}}\n',
      stderr: '',
    });
  });

  it('a missing spec is exit 1; a stage that is not a file name, or no --spec-dir, is exit 3', async () => {
    const p = await project({ init: false });
    specDir(p);
    expect(await p.ic(['agency', 'show', 'deploy', '--spec-dir=agency'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'ic: agency show: deploy.yaml: no such file\n',
    });
    expect(await p.ic(['agency', 'show', '../agency/build', '--spec-dir=agency'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: agency show: invalid stage name "../agency/build"\n',
    });
    expect(await p.ic(['agency', 'show', 'build'])).toMatchObject({ code: 3, stdout: '' });
  });
});
