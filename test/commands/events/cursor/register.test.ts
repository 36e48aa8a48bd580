import { describe, expect, it } from 'vitest';
import { project } from '../../../helpers';

const ZERO = '{"phase":0,"dispatch":0,"interspect":0,"discovery":0,"review":0,"coordination":0,"agency":0,"intent":0}';

describe('events cursor register', () => {
  it('registers a cursor at the start (24 h, or durable: no expiry); one already there keeps its position', async () => {
    const p = await project();
    expect(await p.ic(['events', 'cursor', 'register', 'c1'])).toEqual({ code: 0, stdout: 'registered c1 (ttl: 24h)\n', stderr: '' });
    expect(await p.ic(['--json', 'events', 'cursor', 'register', 'c2', '--durable'])).toEqual({
      code: 0,
      stdout: 'registered c2 (durable)\n',
      stderr: '',
    });
    const rows = () =>
      p.db().prepare("SELECT scope_id, payload, expires_at - updated_at AS ttl FROM state WHERE key = 'cursor' ORDER BY scope_id").all();
    expect(rows()).toEqual([
      { scope_id: 'c1', payload: ZERO, ttl: 86400 },
      { scope_id: 'c2', payload: ZERO, ttl: null },
    ]);
    // A consumer registering again (each session) is not sent back to the start.
    p.db()
      .prepare("INSERT INTO runs (id, project_dir, goal, status, created_at, updated_at) VALUES ('r', '/p', 'g', 'active', 1, 1)")
      .run();
    p.db().prepare("INSERT INTO phase_events (run_id, from_phase, to_phase, event_type) VALUES ('r', 'a', 'b', 'advance')").run();
    await p.ic(['events', 'tail', '--all', '--consumer=c2']);
    await p.ic(['events', 'cursor', 'register', 'c2', '--durable']);
    expect(rows()[1]).toEqual({ scope_id: 'c2', payload: ZERO.replace('"phase":0', '"phase":1'), ttl: null });
    expect(await p.ic(['events', 'tail', '--all', '--consumer=c2'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await p.ic(['events', 'cursor', 'register'])).toMatchObject({ code: 3, stdout: '' });
  });
});
