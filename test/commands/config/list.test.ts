import { describe, expect, it } from 'vitest';
import { project } from '../../helpers';

describe('config list', () => {
  it('the known keys that are set, by name; --verbose adds the unset ones; JSON is an object of the set ones', async () => {
    const p = await project();
    expect(await p.ic(['config', 'list'])).toEqual({
      code: 0,
      stdout: 'no config values set (use --verbose to see available keys)\n',
      stderr: '',
    });
    expect(await p.ic(['--json', 'config', 'list'])).toEqual({ code: 0, stdout: '{}\n', stderr: '' });
    await p.ic(['config', 'set', 'global_max_dispatches', '5']);
    await p.ic(['config', 'set', 'max_spawn_depth', '3']);
    expect(await p.ic(['config', 'list'])).toEqual({
      code: 0,
      stdout: 'global_max_dispatches     = 5\nmax_spawn_depth           = 3\n',
      stderr: '',
    });
    expect(await p.ic(['--verbose', 'config', 'list'])).toEqual({
      code: 0,
      stdout:
        'global_max_dispatches     = 5\nmax_spawn_depth           = 3\n' +
        'autonomy.delegation_level   (not set) — Declared human-delegation level, L0-L5 (see docs/canon/autonomy.md)\n',
      stderr: '',
    });
    expect(await p.ic(['--json', 'config', 'list'])).toEqual({
      code: 0,
      stdout: '{"global_max_dispatches":5,"max_spawn_depth":3}\n',
      stderr: '',
    });
  });
});
