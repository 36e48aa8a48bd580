import { describe, expect, it } from 'vitest';
import { project } from '../../../helpers';

describe('events cursor list', () => {
  it('live cursors sorted by name, text whatever --json says; expired ones left out', async () => {
    const p = await project();
    const db = p.db();
    const add = db.prepare("INSERT INTO state (key, scope_id, payload, expires_at) VALUES ('cursor', ?, ?, ?)");
    add.run('zeta', '{"phase":1,"dispatch":0}', 4102444800);
    add.run('alpha:run00001', '{"phase":3,"dispatch":2}', 4102444800);
    add.run('gone', '{"phase":9,"dispatch":9}', 1);
    db.prepare("INSERT INTO state (key, scope_id, payload) VALUES ('other', 'x', '{}')").run();
    const out = 'alpha:run00001\t{"phase":3,"dispatch":2}\nzeta\t{"phase":1,"dispatch":0}\n';
    expect(await p.ic(['events', 'cursor', 'list'])).toEqual({ code: 0, stdout: out, stderr: '' });
    expect(await p.ic(['--json', 'events', 'cursor', 'list'])).toEqual({ code: 0, stdout: out, stderr: '' });
  });
});
