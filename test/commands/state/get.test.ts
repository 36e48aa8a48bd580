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
