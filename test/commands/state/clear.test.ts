import { describe, expect, it } from 'vitest';
import { project } from '../../helpers';

describe('state clear', () => {
  it('deletes every scope of a key, scopes holding a newline or a tab included; other keys stay', async () => {
    const p = await project();
    for (const scope of ['a', 'line\nbreak', 'tab\there']) await p.ic(['state', 'set', 'k', scope], { stdin: '{}' });
    await p.ic(['state', 'set', 'other', 'a'], { stdin: '{}' });
    expect(await p.ic(['state', 'clear', 'k'])).toEqual({ code: 0, stdout: '3 deleted\n', stderr: '' });
    expect(await p.ic(['--json', 'state', 'clear', 'k'])).toEqual({ code: 0, stdout: '{"deleted":0}\n', stderr: '' });
    expect(p.db().prepare('SELECT key, scope_id FROM state').all()).toEqual([{ key: 'other', scope_id: 'a' }]);
  });

  it('the key rule applies, as to every state command (exit 2)', async () => {
    const p = await project();
    expect(await p.ic(['state', 'clear', 'Bad Key'])).toMatchObject({
      code: 2,
      stdout: '',
      stderr: expect.stringContaining('invalid key "Bad Key"'),
    });
  });
});
