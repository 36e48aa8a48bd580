import { describe, expect, it } from 'vitest';
import { localDateTime } from '../../../src/format/time';
import { project } from '../../helpers';

describe('session current', () => {
  it("the latest attribution, Go's keys in Go's order (unset ones left out); ties go to the later insert", async () => {
    const p = await project();
    const db = p.db();
    const add = db.prepare(
      'INSERT INTO session_attributions (session_id, project_dir, bead_id, run_id, phase, created_at) VALUES (?, ?, ?, ?, ?, ?)',
    );
    add.run('s1', '/p', 'b0', 'r0', 'brainstorm', 100);
    add.run('s1', '/p', 'b1', 'r1', 'done', 200);
    add.run('s1', '/p', null, null, 'planned', 200);
    add.run('s1', '/q', 'bq', 'rq', 'executing', 300);
    add.run('s2', '/p', 'b2', 'r2', 'reflect', 400);
    expect(await p.ic(['--json', 'session', 'current', '--session=s1', '--project=/p'])).toEqual({
      code: 0,
      stdout: '{"session_id":"s1","project_dir":"/p","phase":"planned","updated_at":200}\n',
      stderr: '',
    });
    add.run('s1', '/p', 'b3', 'r3', 'done', 250);
    expect(await p.ic(['--json', 'session', 'current', '--session=s1', '--project=/p'])).toEqual({
      code: 0,
      stdout: '{"session_id":"s1","project_dir":"/p","bead_id":"b3","run_id":"r3","phase":"done","updated_at":250}\n',
      stderr: '',
    });
    expect(await p.ic(['session', 'current', '--session=s1', '--project=/p'])).toEqual({
      code: 0,
      stdout: `Session:  s1\nProject:  /p\nBead:     b3\nRun:      r3\nPhase:    done\nUpdated:  ${localDateTime(250)}\n`,
      stderr: '',
    });
  });

  it('none: "No attribution found." or null, exit 1; the project defaults to the working directory', async () => {
    const p = await project();
    expect(await p.ic(['session', 'current', '--session=s1'])).toEqual({ code: 1, stdout: 'No attribution found.\n', stderr: '' });
    expect(await p.ic(['--json', 'session', 'current', '--session=s1', '--project=/p'])).toEqual({ code: 1, stdout: 'null\n', stderr: '' });
    await p.ic(['session', 'attribute', '--session=s1', '--bead=b']);
    expect(await p.ic(['session', 'current', '--session=s1'])).toMatchObject({
      code: 0,
      stdout: expect.stringMatching(/^Session:  s1\nProject:  .*\nBead:     b\nUpdated:  /),
    });
    expect(await p.ic(['session', 'current'])).toEqual({ code: 3, stdout: '', stderr: 'ic: session current: --session is required\n' });
  });
});
