import { describe, expect, it } from 'vitest';
import { project } from '../../../helpers';
import { fixtureRun } from '../common';

describe('run artifact list', () => {
  it("only this run's artifacts, oldest first (ties to the earlier insert); --phase; --json", async () => {
    const p = await project();
    fixtureRun(p, 'run00001');
    fixtureRun(p, 'run00002');
    expect(await p.ic(['run', 'artifact', 'list', 'run00001'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await p.ic(['--json', 'run', 'artifact', 'list', 'run00001'])).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
    const ins = p.db().prepare('INSERT INTO run_artifacts (id, run_id, phase, path, type, created_at) VALUES (?, ?, ?, ?, ?, ?)');
    ins.run('late0001', 'run00001', 'planned', 'docs/plan.md', 'plan', 20);
    ins.run('tie00001', 'run00001', 'brainstorm', 'docs/a.md', 'file', 10);
    ins.run('tie00002', 'run00001', 'brainstorm', 'docs/b.md', 'file', 10);
    ins.run('else0001', 'run00002', 'brainstorm', 'docs/x.md', 'file', 5);
    expect(await p.ic(['run', 'artifact', 'list', 'run00001'])).toEqual({
      code: 0,
      stdout: 'tie00001\tbrainstorm\tfile\tdocs/a.md\ntie00002\tbrainstorm\tfile\tdocs/b.md\nlate0001\tplanned\tplan\tdocs/plan.md\n',
      stderr: '',
    });
    expect(await p.ic(['run', 'artifact', 'list', 'run00001', '--phase=planned'])).toEqual({
      code: 0,
      stdout: 'late0001\tplanned\tplan\tdocs/plan.md\n',
      stderr: '',
    });
    expect(await p.ic(['run', 'artifact', 'list', 'run00001', '--phase=done'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await p.ic(['--json', 'run', 'artifact', 'list', 'run00002'])).toEqual({
      code: 0,
      stdout:
        '[{"created_at":5,"id":"else0001","path":"docs/x.md","phase":"brainstorm","run_id":"run00002","status":"active","type":"file"}]\n',
      stderr: '',
    });
    expect(await p.ic(['run', 'artifact', 'list', 'nosuchrun'])).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});
