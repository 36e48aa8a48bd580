import { describe, expect, it } from 'vitest';
import { project } from '../../../helpers';

describe('events cursor reset', () => {
  it('deletes the named cursor: reset, or not found, exit 0 either way; the name is required', async () => {
    const p = await project();
    p.db().prepare("INSERT INTO state (key, scope_id, payload) VALUES ('cursor', 'c:run00001', '{}'), ('other', 'c:run00001', '{}')").run();
    expect(await p.ic(['events', 'cursor', 'reset', 'c:run00001'])).toEqual({ code: 0, stdout: 'reset\n', stderr: '' });
    expect(await p.ic(['--json', 'events', 'cursor', 'reset', 'c:run00001'])).toEqual({ code: 0, stdout: 'not found\n', stderr: '' });
    expect(p.db().prepare('SELECT key FROM state').all()).toEqual([{ key: 'other' }]);
    expect((await p.ic(['events', 'cursor', 'reset'])).code).toBe(3);
  });
});
