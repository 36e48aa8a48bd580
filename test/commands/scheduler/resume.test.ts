import { describe, expect, it } from 'vitest';
import { schedulerProject } from './common';

describe('scheduler resume', () => {
  it('sets the pause flag to false', async () => {
    const p = await schedulerProject();
    await p.ic(['scheduler', 'pause']);
    expect(await p.ic(['scheduler', 'resume'])).toEqual({ code: 0, stdout: 'Scheduler resumed.\n', stderr: '' });
    expect(p.db().prepare("SELECT payload FROM state WHERE key = 'scheduler_paused' AND scope_id = 'global'").get()).toEqual({
      payload: 'false',
    });
  });
});
