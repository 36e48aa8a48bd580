import { describe, expect, it } from 'vitest';
import { schedulerProject, submit } from './common';

describe('scheduler stats', () => {
  it('counts jobs by status, in text and --json', async () => {
    const p = await schedulerProject();
    expect(await p.ic(['--json', 'scheduler', 'stats'])).toEqual({
      code: 0,
      stdout: '{"cancelled":0,"completed":0,"failed":0,"pending":0,"running":0}\n',
      stderr: '',
    });
    await submit(p);
    await submit(p);
    const c = await submit(p);
    await p.ic(['scheduler', 'cancel', c]);
    expect(await p.ic(['scheduler', 'stats'])).toEqual({
      code: 0,
      stdout: 'Scheduler Jobs:\n  pending:     2\n  running:     0\n  completed:   0\n  failed:      0\n  cancelled:   1\n',
      stderr: '',
    });
  });
});
