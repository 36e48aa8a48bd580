import { describe, expect, it } from 'vitest';
import { localClock } from '../../../src/format/time';
import { schedulerProject, submit } from './common';

describe('scheduler list', () => {
  it('lists jobs newest first, by status, up to --limit, in text and --json', async () => {
    const p = await schedulerProject();
    expect(await p.ic(['scheduler', 'list'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await p.ic(['--json', 'scheduler', 'list'])).toEqual({ code: 0, stdout: '[]\n', stderr: '' });
    const a = await submit(p);
    const b = await submit(p, '--type=claude');
    p.db().prepare('UPDATE scheduler_jobs SET created_at = 1700000000 WHERE id = ?').run(a);
    p.db().prepare('UPDATE scheduler_jobs SET created_at = 1700000100 WHERE id = ?').run(b);
    await p.ic(['scheduler', 'cancel', a]);
    expect(await p.ic(['scheduler', 'list'])).toEqual({
      code: 0,
      stdout: `${b}      pending     claude    ${localClock(1700000100)}\n` + `${a}      cancelled   codex     ${localClock(1700000000)}\n`,
      stderr: '',
    });
    const pending = JSON.parse((await p.ic(['--json', 'scheduler', 'list', '--status=pending'])).stdout) as { id: string }[];
    expect(pending.map((j) => j.id)).toEqual([b]);
    const one = JSON.parse((await p.ic(['--json', 'scheduler', 'list', '--limit=1'])).stdout) as { id: string }[];
    expect(one.map((j) => j.id)).toEqual([b]);
    expect((await p.ic(['scheduler', 'list', '--status=bogus'])).code).toBe(3);
  });
});
