import { describe, expect, it } from 'vitest';
import { project } from '../../helpers';

describe('state set / get', () => {
  it('missing and expired entries print nothing and exit 1', async () => {
    const p = await project();
    expect(await p.ic(['state', 'get', 'k', 's'])).toEqual({ code: 1, stdout: '', stderr: '' });
    p.db().prepare("INSERT INTO state (key, scope_id, payload, expires_at) VALUES ('k', 'old', '1', 1)").run();
    expect(await p.ic(['state', 'get', 'k', 'old'])).toEqual({ code: 1, stdout: '', stderr: '' });
  });
});

describe('state get: the key rule (v6)', () => {
  it('a bad key is exit 2 with the contract message, never a silent answer', async () => {
    const p = await project();
    const args = ['state', 'get', 'Bad.Key', 's'];
    expect(await p.ic(args)).toEqual({
      code: 2,
      stdout: '',
      stderr:
        "ic: state get: invalid key \"Bad.Key\": must be lowercase alphanumeric with optional dot-separated segments (e.g., 'dispatch', 'sprint.checkpoint')\n",
    });
    expect(await p.ic(['state', 'get', '', 's'])).toEqual({ code: 2, stdout: '', stderr: 'ic: state get: key must not be empty\n' });
  });
});

describe('state get --json', () => {
  it('prints the payload as stored (it is JSON already); a missing entry prints nothing, exit 1', async () => {
    const p = await project();
    await p.ic(['state', 'set', 'k', 's'], { stdin: '{"b": [1, 2]}' });
    expect(await p.ic(['--json', 'state', 'get', 'k', 's'])).toEqual({ code: 0, stdout: '{"b": [1, 2]}\n', stderr: '' });
    expect(await p.ic(['--json', 'state', 'get', 'k', 'none'])).toEqual({ code: 1, stdout: '', stderr: '' });
  });
});
