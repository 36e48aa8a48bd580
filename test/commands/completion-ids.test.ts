// ic completion-ids <kind> (hidden): the ids the completion scripts offer,
// `id<TAB>about it`, newest first; silent (exit 0, nothing printed) without
// a database, as completion must never print an error into a prompt.
import { describe, expect, it } from 'vitest';
import { project } from '../helpers';

describe('completion-ids', () => {
  it('prints the runs and dispatches, newest first, one a line', async () => {
    const p = await project();
    const a = (await p.ic(['run', 'create', '--goal=first run'])).stdout.trim();
    const b = (await p.ic(['run', 'create', '--goal=second\trun', '--complexity=2'])).stdout.trim();
    expect(await p.ic(['completion-ids', 'runs'])).toEqual({
      code: 0,
      stdout: `${b}\tactive brainstorm second run\n${a}\tactive brainstorm first run\n`,
      stderr: '',
    });
    expect(await p.ic(['completion-ids', 'dispatches'])).toEqual({ code: 0, stdout: '', stderr: '' });
  });

  it('is silent without a database, with a bad --db, and creates none', async () => {
    const p = await project({ init: false });
    expect(await p.ic(['completion-ids', 'runs'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await p.ic(['--db=../x.db', 'completion-ids', 'runs'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await p.ic(['completion-ids', 'goals'])).toMatchObject({ code: 3 });
  });

  it('is not in the help or the completion scripts', async () => {
    const p = await project({ init: false });
    expect((await p.ic(['--help'])).stdout).not.toContain('completion-ids');
    expect((await p.ic(['completion', 'bash'])).stdout).not.toContain('"completion-ids"');
  });
});
