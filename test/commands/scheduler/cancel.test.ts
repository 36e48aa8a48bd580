import { describe, expect, it } from 'vitest';
import { job, schedulerProject, submit } from './common';

describe('scheduler cancel', () => {
  it('cancels a queued job once; a terminal or unknown job is exit 1', async () => {
    const p = await schedulerProject();
    const id = await submit(p);
    expect(await p.ic(['scheduler', 'cancel', id])).toEqual({ code: 0, stdout: `Cancelled: ${id}\n`, stderr: '' });
    expect(job(p, id)).toMatchObject({ status: 'cancelled' });
    expect(job(p, id).completed_at).toEqual(expect.any(Number));
    expect(await p.ic(['scheduler', 'cancel', id])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'ic: scheduler cancel: job already in terminal state: cancelled\n',
    });
    expect(await p.ic(['scheduler', 'cancel', 'nope'])).toEqual({ code: 1, stdout: '', stderr: 'ic: scheduler cancel: not found: nope\n' });
  });
});
