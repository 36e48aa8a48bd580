import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dispatchProject, row, spawnWith, waitFor } from './common';

describe('dispatch poll and wait', () => {
  it('a live agent stays running, with the counters of its live state file', async () => {
    const p = await dispatchProject();
    const id = await spawnWith(p, 'live');
    const pid = row(p, id).pid as number;
    await waitFor(() => existsSync(`/tmp/clavain-dispatch-${pid}.json`));
    const r = await p.ic(['dispatch', 'poll', id]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('\nStatus:  running\n');
    expect(r.stdout).toContain('\nStats:   3 turns, 5 commands, 7 messages\n');
    expect(row(p, id)).toMatchObject({ status: 'running', turns: 3, commands: 5, messages: 7 });
    await p.ic(['dispatch', 'kill', id]);
  });
});
