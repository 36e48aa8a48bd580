import { describe, expect, it } from 'vitest';
import { project } from '../../helpers';

describe('state delete / list / prune', () => {
  it('delete prints deleted or not found, exit 0 both', async () => {
    const p = await project();
    await p.ic(['state', 'set', 'k', 's'], { stdin: '1' });
    expect(await p.ic(['state', 'delete', 'k', 's'])).toEqual({ code: 0, stdout: 'deleted\n', stderr: '' });
    expect(await p.ic(['state', 'delete', 'k', 's'])).toEqual({ code: 0, stdout: 'not found\n', stderr: '' });
  });
});

describe('state delete: the key rule (v6)', () => {
  it('a bad key is exit 2 with the contract message, never a silent answer', async () => {
    const p = await project();
    const args = ['state', 'delete', 'Bad.Key', 's'];
    expect(await p.ic(args)).toEqual({
      code: 2,
      stdout: '',
      stderr:
        "ic: state delete: invalid key \"Bad.Key\": must be lowercase alphanumeric with optional dot-separated segments (e.g., 'dispatch', 'sprint.checkpoint')\n",
    });
    expect(await p.ic(['state', 'delete', '', 's'])).toEqual({ code: 2, stdout: '', stderr: 'ic: state delete: key must not be empty\n' });
  });
});

describe('state delete --json', () => {
  it('says how many entries it deleted', async () => {
    const p = await project();
    await p.ic(['state', 'set', 'k', 's'], { stdin: '{}' });
    expect(await p.ic(['--json', 'state', 'delete', 'k', 's'])).toEqual({ code: 0, stdout: '{"deleted":1}\n', stderr: '' });
    expect(await p.ic(['--json', 'state', 'delete', 'k', 's'])).toEqual({ code: 0, stdout: '{"deleted":0}\n', stderr: '' });
  });
});
