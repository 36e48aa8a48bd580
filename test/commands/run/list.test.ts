import { describe, expect, it } from 'vitest';
import { project } from '../../helpers';
import { newRun } from './common';

describe('run list and events', () => {
  it('list: newest first (ties to the later insert), --active, --scope', async () => {
    const p = await project();
    const a = await newRun(p, '--scope-id=s1');
    const b = await newRun(p);
    p.db().prepare('UPDATE runs SET created_at = 100').run();
    await p.ic(['run', 'cancel', a]);
    expect(await p.ic(['run', 'list'])).toEqual({
      code: 0,
      stdout: `${b}\tactive\tbrainstorm\tship it\n${a}\tcancelled\tbrainstorm\tship it\n`,
      stderr: '',
    });
    expect((await p.ic(['run', 'list', '--active'])).stdout).toBe(`${b}\tactive\tbrainstorm\tship it\n`);
    expect((await p.ic(['run', 'list', '--scope=s1'])).stdout).toBe(`${a}\tcancelled\tbrainstorm\tship it\n`);
    expect(await p.ic(['run', 'list', '--scope=none'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await p.ic(['--json', 'run', 'list', '--scope=none'])).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
  });
});
