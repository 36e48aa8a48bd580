import { describe, expect, it } from 'vitest';
import { snapshot } from '../../hardening/common';
import { project } from '../../helpers';

const kernel = (p: Awaited<ReturnType<typeof project>>) =>
  p.db().prepare("SELECT key, scope_id, payload, expires_at FROM state WHERE key LIKE 'kernel.%' ORDER BY key").all();

describe('config set', () => {
  it('stores kernel.<key> under scope global; known keys take integers, the delegation level 0-5 or L0-L5', async () => {
    const p = await project();
    expect(await p.ic(['config', 'set', 'global_max_dispatches', '5'])).toEqual({
      code: 0,
      stdout: 'global_max_dispatches = 5\n',
      stderr: '',
    });
    expect(await p.ic(['--json', 'config', 'set', 'autonomy.delegation_level', 'L3'])).toEqual({
      code: 0,
      stdout: '{"key":"autonomy.delegation_level","value":"3"}\n',
      stderr: '',
    });
    expect(await p.ic(['config', 'set', 'my.flag', '{"on":true}'])).toEqual({ code: 0, stdout: 'my.flag = {"on":true}\n', stderr: '' });
    expect(kernel(p)).toEqual([
      { key: 'kernel.autonomy.delegation_level', scope_id: 'global', payload: '3', expires_at: null },
      { key: 'kernel.global_max_dispatches', scope_id: 'global', payload: '5', expires_at: null },
      { key: 'kernel.my.flag', scope_id: 'global', payload: '{"on":true}', expires_at: null },
    ]);
  });

  it('bad values are refused and write nothing: a non-integer for a known key, a level out of range, non-JSON, a secret', async () => {
    const p = await project();
    const before = snapshot(p.db());
    expect(await p.ic(['config', 'set', 'max_spawn_depth', 'three'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: config set: value must be an integer: "three"\n',
    });
    expect(await p.ic(['config', 'set', 'autonomy.delegation_level', 'L6'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: config set: invalid delegation level: delegation level must be an integer 0-5, got "L6"\n',
    });
    expect(await p.ic(['config', 'set', 'other', 'not json'])).toMatchObject({
      code: 2,
      stderr: expect.stringMatching(/^ic: config set: invalid payload: not valid JSON/),
    });
    expect(await p.ic(['config', 'set', 'other', '"ghp_aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"'])).toMatchObject({ code: 2 });
    // A key that is not one is exit 2, as Go refuses it.
    expect(await p.ic(['config', 'set', 'Bad Key', '1'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ic: config set: invalid key "Bad Key": want lowercase letters, digits, _ . -\n',
    });
    expect(await p.ic(['config', 'set', 'only-key'])).toMatchObject({ code: 3, stdout: '' });
    expect(snapshot(p.db())).toBe(before);
  });
});
