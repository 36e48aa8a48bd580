import { describe, expect, it } from 'vitest';
import { project } from '../../helpers';

describe('compat', () => {
  it('status and check see live state under a key', async () => {
    const p = await project();
    await p.ic(['state', 'set', 'handoff', 'a'], { stdin: '{}' });
    await p.ic(['state', 'set', 'handoff', 'b'], { stdin: '{}' });
    p.db().prepare("INSERT INTO state (key, scope_id, payload, expires_at) VALUES ('stop', 'x', '{}', 1)").run();
    const status = (await p.ic(['compat', 'status'])).stdout.split('\n');
    expect(status.find((l) => l.startsWith('handoff '))).toMatch(/\tyes$/);
    expect(status.find((l) => l.startsWith('stop '))).toMatch(/\tno$/);
    expect(await p.ic(['compat', 'check', 'handoff'])).toEqual({ code: 0, stdout: 'handoff: 2 scope(s) in DB\n', stderr: '' });
    expect(await p.ic(['compat', 'check', 'stop'])).toEqual({ code: 1, stdout: 'stop: not in DB\n', stderr: '' });
    expect(await p.ic(['compat', 'check', 'stop', '--json'])).toEqual({ code: 1, stdout: '{"key":"stop"}\n', stderr: '' });
  });
});
