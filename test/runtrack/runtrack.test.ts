// The seed's task 3 list: agents, artifacts and run current.
import { describe, expect, it } from 'vitest';
import { currentRun } from '../../src/runtrack/handlers';
import { type Project, project } from '../helpers';

function fixtureRun(p: Project, id: string, options: { project?: string; status?: string; created?: number } = {}) {
  p.db()
    .prepare('INSERT INTO runs (id, project_dir, goal, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(id, options.project ?? p.dir, `goal of ${id}`, options.status ?? 'active', options.created ?? 100, options.created ?? 100);
}

const agents = (p: Project) =>
  p.db().prepare('SELECT id, run_id, agent_type, name, status, dispatch_id FROM run_agents ORDER BY rowid').all();

describe('run agent', () => {
  it('add: defaults to type claude, status active; prints the ID', async () => {
    const p = await project();
    fixtureRun(p, 'run00001');
    const r = await p.ic(['run', 'agent', 'add', 'run00001', '--name=reviewer', '--dispatch-id=disp0001']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(r.stdout).toMatch(/^[a-z0-9]{8}\n$/);
    expect(agents(p)).toEqual([
      { id: r.stdout.trim(), run_id: 'run00001', agent_type: 'claude', name: 'reviewer', status: 'active', dispatch_id: 'disp0001' },
    ]);
    const j = await p.ic(['--json', 'run', 'agent', 'add', 'run00001', '--type=codex']);
    expect(j.stdout).toMatch(/^\{"id":"[a-z0-9]{8}"\}\n$/);
  });

  it('add with a bad run id: the foreign key says run not found (exit 1), nothing written', async () => {
    const p = await project();
    expect(await p.ic(['run', 'agent', 'add', 'nosuchrun', '--name=x'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'ic: run agent add: run not found\n',
    });
    expect(agents(p)).toEqual([]);
  });

  it('update: both forms; not found; another run; bad or missing status', async () => {
    const p = await project();
    fixtureRun(p, 'run00001');
    fixtureRun(p, 'run00002');
    const a = (await p.ic(['run', 'agent', 'add', 'run00001'])).stdout.trim();
    expect(await p.ic(['run', 'agent', 'update', 'run00001', a, '--status=completed'])).toEqual({
      code: 0,
      stdout: 'updated\n',
      stderr: '',
    });
    expect(agents(p)).toMatchObject([{ status: 'completed' }]);
    expect(await p.ic(['run', 'agent', 'update', a, '--status=failed'])).toEqual({ code: 0, stdout: 'updated\n', stderr: '' });
    expect(agents(p)).toMatchObject([{ status: 'failed' }]);
    expect(await p.ic(['run', 'agent', 'update', 'nosuchid', '--status=active'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'ic: run agent update: agent not found: nosuchid\n',
    });
    expect(await p.ic(['run', 'agent', 'update', 'run00002', a, '--status=active'])).toEqual({
      code: 1,
      stdout: '',
      stderr: `ic: run agent update: agent not found: ${a}\n`,
    });
    expect(await p.ic(['run', 'agent', 'update', a, '--status=done'])).toMatchObject({ code: 3, stdout: '' });
    expect(await p.ic(['run', 'agent', 'update', a])).toMatchObject({ code: 3, stdout: '' });
    expect(agents(p)).toMatchObject([{ status: 'failed' }]);
  });

  it('list: empty, then several oldest first; --json omits nulls', async () => {
    const p = await project();
    fixtureRun(p, 'run00001');
    expect(await p.ic(['run', 'agent', 'list', 'run00001'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await p.ic(['--json', 'run', 'agent', 'list', 'run00001'])).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
    const a1 = (await p.ic(['run', 'agent', 'add', 'run00001', '--name=one'])).stdout.trim();
    const a2 = (await p.ic(['run', 'agent', 'add', 'run00001', '--type=codex'])).stdout.trim();
    p.db().prepare('UPDATE run_agents SET created_at = 5, updated_at = 6').run();
    expect(await p.ic(['run', 'agent', 'list', 'run00001'])).toEqual({
      code: 0,
      stdout: `${a1}\tclaude\tactive\tone\n${a2}\tcodex\tactive\t\n`,
      stderr: '',
    });
    expect((await p.ic(['--json', 'run', 'agent', 'list', 'run00001'])).stdout).toBe(
      `[{"agent_type":"claude","created_at":5,"id":"${a1}","name":"one","run_id":"run00001","status":"active","updated_at":6},` +
        `{"agent_type":"codex","created_at":5,"id":"${a2}","run_id":"run00001","status":"active","updated_at":6}]\n`,
    );
    expect(await p.ic(['run', 'agent', 'list', 'nosuchrun'])).toEqual({ code: 0, stdout: '', stderr: '' });
  });
});

describe('run artifact', () => {
  it('add, list all, list by phase, --json; phase and path required; missing run', async () => {
    const p = await project();
    fixtureRun(p, 'run00001');
    const f1 = (await p.ic(['run', 'artifact', 'add', 'run00001', '--phase=brainstorm', '--path=docs/b.md'])).stdout.trim();
    const f2 = (await p.ic(['run', 'artifact', 'add', 'run00001', '--phase=planned', '--path=docs/plan.md', '--type=plan'])).stdout.trim();
    expect(f1).toMatch(/^[a-z0-9]{8}$/);
    p.db().prepare('UPDATE run_artifacts SET created_at = 9').run();
    expect(await p.ic(['run', 'artifact', 'list', 'run00001'])).toEqual({
      code: 0,
      stdout: `${f1}\tbrainstorm\tfile\tdocs/b.md\n${f2}\tplanned\tplan\tdocs/plan.md\n`,
      stderr: '',
    });
    expect(await p.ic(['run', 'artifact', 'list', 'run00001', '--phase=planned'])).toEqual({
      code: 0,
      stdout: `${f2}\tplanned\tplan\tdocs/plan.md\n`,
      stderr: '',
    });
    expect((await p.ic(['--json', 'run', 'artifact', 'list', 'run00001', '--phase=brainstorm'])).stdout).toBe(
      `[{"created_at":9,"id":"${f1}","path":"docs/b.md","phase":"brainstorm","run_id":"run00001","type":"file"}]\n`,
    );
    expect(await p.ic(['run', 'artifact', 'add', 'run00001', '--path=x'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: run artifact add: missing required flag --phase\n',
    });
    expect(await p.ic(['run', 'artifact', 'add', 'run00001', '--phase=x'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: run artifact add: missing required flag --path\n',
    });
    expect(await p.ic(['run', 'artifact', 'add', 'nosuchrun', '--phase=x', '--path=y'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'ic: run artifact add: run not found\n',
    });
    expect(p.db().prepare('SELECT count(*) AS n FROM run_artifacts').get()).toEqual({ n: 2 });
  });
});

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
