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
