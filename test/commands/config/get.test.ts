import { describe, expect, it } from 'vitest';
import { project } from '../../helpers';

describe('config get', () => {
  it('prints key = value; unset is "<key>: not set", exit 1 ({"key","value":null} with --json)', async () => {
    const p = await project();
    await p.ic(['config', 'set', 'max_spawn_depth', '3']);
    expect(await p.ic(['config', 'get', 'max_spawn_depth'])).toEqual({ code: 0, stdout: 'max_spawn_depth = 3\n', stderr: '' });
    expect(await p.ic(['--json', 'config', 'get', 'max_spawn_depth'])).toEqual({
      code: 0,
      stdout: '{"key":"max_spawn_depth","value":3}\n',
      stderr: '',
    });
    expect(await p.ic(['config', 'get', 'nonexistent_key'])).toEqual({ code: 1, stdout: 'nonexistent_key: not set\n', stderr: '' });
    expect(await p.ic(['--json', 'config', 'get', 'nonexistent_key'])).toEqual({
      code: 1,
      stdout: '{"key":"nonexistent_key","value":null}\n',
      stderr: '',
    });
    // An expired value is not set.
    p.db().prepare("UPDATE state SET expires_at = 1 WHERE key = 'kernel.max_spawn_depth'").run();
    expect(await p.ic(['config', 'get', 'max_spawn_depth'])).toMatchObject({ code: 1, stdout: 'max_spawn_depth: not set\n' });
  });
});
