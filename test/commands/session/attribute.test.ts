import { mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { project, tempDir } from '../../helpers';

describe('session attribute', () => {
  it('records what the session works on; the session need not be registered; unset ones are NULL', async () => {
    const p = await project();
    expect(await p.ic(['session', 'attribute', '--session=s1', '--bead=iv-1', '--run=r1', '--phase=planned'])).toEqual({
      code: 0,
      stdout: 'Attribution recorded (id=1)\n',
      stderr: '',
    });
    // Go answers with the flags as given: "" for one not given, and no run.
    expect(await p.ic(['--json', 'session', 'attribute', '--session=s1', '--project=/p', '--bead=iv-2'])).toEqual({
      code: 0,
      stdout: '{"bead_id":"iv-2","id":2,"phase":"","session_id":"s1"}\n',
      stderr: '',
    });
    await p.ic(['session', 'attribute', '--session=s1', '--bead=', '--phase=done']);
    expect(
      p.db().prepare('SELECT id, session_id, project_dir, bead_id, run_id, phase FROM session_attributions ORDER BY id').all(),
    ).toEqual([
      { id: 1, session_id: 's1', project_dir: p.dir, bead_id: 'iv-1', run_id: 'r1', phase: 'planned' },
      { id: 2, session_id: 's1', project_dir: '/p', bead_id: 'iv-2', run_id: null, phase: null },
      { id: 3, session_id: 's1', project_dir: p.dir, bead_id: null, run_id: null, phase: 'done' },
    ]);
    expect(p.db().prepare('SELECT count(*) FROM sessions').pluck().get()).toBe(0);
  });

  it('--session is required', async () => {
    const p = await project();
    expect(await p.ic(['session', 'attribute', '--bead=b'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: session attribute: --session is required\n',
    });
    expect(p.db().prepare('SELECT count(*) FROM session_attributions').pluck().get()).toBe(0);
  });

  it("the default project is the working directory as the shell names it ($PWD through a link), as Go's os.Getwd", async () => {
    const p = await project();
    const link = join(tempDir(), 'link');
    symlinkSync(p.dir, link);
    mkdirSync(join(p.dir, 'sub'));
    const r = p.icProcess(['session', 'attribute', '--session=s1', '--phase=done'], { cwd: link, env: { PWD: link } });
    expect(r).toEqual({ code: 0, stdout: 'Attribution recorded (id=1)\n', stderr: '' });
    // A $PWD that names another directory is not believed.
    p.icProcess(['session', 'attribute', '--session=s1', '--phase=x'], { cwd: p.dir, env: { PWD: join(p.dir, 'sub') } });
    expect(p.db().prepare('SELECT project_dir, phase FROM session_attributions ORDER BY id').all()).toEqual([
      { project_dir: link, phase: 'done' },
      { project_dir: p.dir, phase: 'x' },
    ]);
    const current = p.icProcess(['--json', 'session', 'current', '--session=s1', `--project=${link}`]);
    expect(JSON.parse(current.stdout)).toMatchObject({ project_dir: link, phase: 'done' });
  });
});
