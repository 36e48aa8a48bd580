import { describe, expect, it } from 'vitest';
import { schedulerProject } from './common';

describe('scheduler pause', () => {
  it("keeps Go's pause flag in state (scheduler_paused, global) = true", async () => {
    const p = await schedulerProject();
    expect(await p.ic(['scheduler', 'pause'])).toEqual({ code: 0, stdout: 'Scheduler paused.\n', stderr: '' });
    expect(await p.ic(['--json', 'scheduler', 'pause'])).toEqual({ code: 0, stdout: 'Scheduler paused.\n', stderr: '' });
    expect(p.db().prepare("SELECT payload, expires_at FROM state WHERE key = 'scheduler_paused' AND scope_id = 'global'").get()).toEqual({
      payload: 'true',
      expires_at: null,
    });
  });
});
