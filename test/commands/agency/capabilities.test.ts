import { describe, expect, it } from 'vitest';
import { project } from '../../helpers';
import { newRun, specDir } from './common';

describe('agency capabilities', () => {
  it('prints the capabilities loaded into a run, by stage (sorted), as one JSON line; {} for a run with none', async () => {
    const p = await project();
    const run = await newRun(p);
    expect(await p.ic(['--json', 'agency', 'capabilities', run])).toEqual({ code: 0, stdout: '{}\n', stderr: '' });
    expect(await p.ic(['agency', 'load', 'all', `--run=${run}`, `--spec-dir=${specDir(p)}`])).toMatchObject({ code: 0 });
    const caps =
      '{"build":{"workflow":{"kernel":["events.tail","run.advance"],"filesystem":["read"]}},"discover":{"workflow":{"dispatch":["spawn"]}}}\n';
    expect(await p.ic(['agency', 'capabilities', run])).toEqual({ code: 0, stdout: caps, stderr: '' });
    expect(await p.ic(['--json', 'agency', 'capabilities', run])).toEqual({ code: 0, stdout: caps, stderr: '' });
    // An expired entry is not there; an unknown run has none (exit 0, as Go).
    p.db().prepare("UPDATE state SET expires_at = 1 WHERE key = 'agency.capabilities.discover'").run();
    expect(await p.ic(['agency', 'capabilities', run])).toEqual({
      code: 0,
      stdout: '{"build":{"workflow":{"kernel":["events.tail","run.advance"],"filesystem":["read"]}}}\n',
      stderr: '',
    });
    expect(await p.ic(['agency', 'capabilities', 'nosuchrn'])).toEqual({ code: 0, stdout: '{}\n', stderr: '' });
    expect(await p.ic(['agency', 'capabilities'])).toMatchObject({ code: 3, stdout: '' });
  });
});
