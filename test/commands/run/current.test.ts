import { describe, expect, it } from 'vitest';
import { currentRun } from '../../../src/runtrack/handlers';
import { project } from '../../helpers';
import { fixtureRun } from './common';

describe('run current', () => {
  it('no active run: exit 1, silent; {"found":false} with --json', async () => {
    const p = await project();
    fixtureRun(p, 'done0001', { status: 'completed' });
    expect(await p.ic(['run', 'current'])).toEqual({ code: 1, stdout: '', stderr: '' });
    expect(await p.ic(['--json', 'run', 'current'])).toEqual({ code: 1, stdout: '{"found":false}\n', stderr: '' });
  });

  it('the most recent of several active runs; ties go to the later insert; other projects ignored', async () => {
    const p = await project();
    fixtureRun(p, 'old00001', { created: 100 });
    fixtureRun(p, 'tie00001', { created: 200 });
    fixtureRun(p, 'tie00002', { created: 200 });
    fixtureRun(p, 'else0001', { created: 300, project: '/elsewhere' });
    fixtureRun(p, 'gone0001', { created: 400, status: 'cancelled' });
    expect(await p.ic(['run', 'current'])).toEqual({ code: 0, stdout: 'tie00002\n', stderr: '' });
    expect(await p.ic(['--json', 'run', 'current'])).toEqual({
      code: 0,
      stdout: '{"found":true,"goal":"goal of tie00002","id":"tie00002","phase":"brainstorm"}\n',
      stderr: '',
    });
    expect(await p.ic(['run', 'current', '--project=/elsewhere'])).toEqual({ code: 0, stdout: 'else0001\n', stderr: '' });
    expect(currentRun(p.db(), '/nowhere')).toBeUndefined();
  });

  it('--project is resolved against the working directory', async () => {
    const p = await project();
    fixtureRun(p, 'sub00001', { project: `${p.dir}/sub` });
    expect(await p.ic(['run', 'current', '--project=sub'])).toEqual({ code: 0, stdout: 'sub00001\n', stderr: '' });
  });
});
