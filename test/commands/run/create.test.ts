import { describe, expect, it } from 'vitest';
import { project } from '../../helpers';
import { newRun } from './common';

const ID = /^[a-z0-9]{8}$/;

describe('run create, status, phase', () => {
  it('creates an active run in brainstorm for the working directory', async () => {
    const p = await project();
    const r = await p.ic(['run', 'create', '--goal=ship the parser', '--scope-id=sprint-1']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^[a-z0-9]{8}\n$/);
    const id = r.stdout.trim();
    expect(
      p.db().prepare('SELECT project_dir, goal, status, phase, complexity, force_full, auto_advance, scope_id FROM runs').all(),
    ).toEqual([
      {
        project_dir: p.dir,
        goal: 'ship the parser',
        status: 'active',
        phase: 'brainstorm',
        complexity: 3,
        force_full: 0,
        auto_advance: 1,
        scope_id: 'sprint-1',
      },
    ]);
    expect(await p.ic(['run', 'status', id])).toEqual({
      code: 0,
      stdout: `ID:         ${id}\nStatus:     active\nPhase:      brainstorm\nGoal:       ship the parser\nProject:    ${p.dir}\nComplexity: 3\nScope:      sprint-1\n`,
      stderr: '',
    });
    expect(await p.ic(['run', 'phase', id])).toEqual({ code: 0, stdout: 'brainstorm\n', stderr: '' });
  });

  it('--json create, and --project relative to the working directory', async () => {
    const p = await project();
    const r = await p.ic(['--json', 'run', 'create', '--goal=g', '--project=sub/dir', '--complexity=1']);
    const out = JSON.parse(r.stdout);
    expect(r.stdout).toBe(`{"id":"${out.id}","phase":"brainstorm"}\n`);
    expect(p.db().prepare('SELECT project_dir, complexity FROM runs').get()).toEqual({ project_dir: `${p.dir}/sub/dir`, complexity: 1 });
  });

  it('usage errors: no goal, complexity outside 1-5 (exit 3, nothing written)', async () => {
    const p = await project();
    expect(await p.ic(['run', 'create'])).toEqual({ code: 3, stdout: '', stderr: 'ic: run create: missing required flag --goal\n' });
    expect(await p.ic(['run', 'create', '--goal=x', '--complexity=0'])).toMatchObject({ code: 3, stdout: '' });
    expect(await p.ic(['run', 'create', '--goal=x', '--complexity=6'])).toMatchObject({ code: 3, stdout: '' });
    expect(p.db().prepare('SELECT count(*) AS n FROM runs').get()).toEqual({ n: 0 });
  });
});

it('ids are 8 characters of [a-z0-9]', async () => {
  const p = await project();
  expect(await newRun(p)).toMatch(ID);
});
