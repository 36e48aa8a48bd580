import { describe, expect, it } from 'vitest';
import { project } from '../../helpers';
import { newRun } from './common';

describe('run phase', () => {
  it("prints the run's phase as it moves; --json; an unknown run exits 1", async () => {
    const p = await project();
    const id = await newRun(p);
    expect(await p.ic(['run', 'phase', id])).toEqual({ code: 0, stdout: 'brainstorm\n', stderr: '' });
    p.db().prepare("UPDATE runs SET phase = 'planned' WHERE id = ?").run(id);
    expect(await p.ic(['run', 'phase', id])).toEqual({ code: 0, stdout: 'planned\n', stderr: '' });
    expect(await p.ic(['--json', 'run', 'phase', id])).toEqual({ code: 0, stdout: `{"id":"${id}","phase":"planned"}\n`, stderr: '' });
    expect(await p.ic(['run', 'phase', 'nosuchid'])).toEqual({ code: 1, stdout: '', stderr: 'ic: run phase: not found: nosuchid\n' });
  });
});
