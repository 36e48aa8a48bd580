import { describe, expect, it } from 'vitest';
import { project } from '../../helpers';
import { newRun } from './common';

describe('run create, status, phase', () => {
  it('status --json: sorted keys, booleans, nulls omitted; ForceFull and AutoAdv lines', async () => {
    const p = await project();
    const id = await newRun(p);
    p.db().prepare('UPDATE runs SET created_at = 100, updated_at = 200, force_full = 1, auto_advance = 0 WHERE id = ?').run(id);
    expect((await p.ic(['--json', 'run', 'status', id])).stdout).toBe(
      `{"auto_advance":false,"complexity":3,"created_at":100,"force_full":true,"goal":"ship it","id":"${id}","phase":"brainstorm","project_dir":"${p.dir}","status":"active","updated_at":200}\n`,
    );
    expect((await p.ic(['run', 'status', id])).stdout).toBe(
      `ID:         ${id}\nStatus:     active\nPhase:      brainstorm\nGoal:       ship it\nProject:    ${p.dir}\nComplexity: 3\nForceFull:  true\nAutoAdv:    false\n`,
    );
  });

  it('an unknown run: exit 1 with not found', async () => {
    const p = await project();
    for (const cmd of ['status', 'phase', 'advance', 'cancel']) {
      expect(await p.ic(['run', cmd, 'nosuchid'])).toEqual({ code: 1, stdout: '', stderr: `ic: run ${cmd}: not found: nosuchid\n` });
    }
    expect(await p.ic(['run', 'set', 'nosuchid', '--complexity=2'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'ic: run set: not found: nosuchid\n',
    });
  });
});
