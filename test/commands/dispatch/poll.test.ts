import { existsSync } from 'node:fs';
import { isAlive } from '../../../src/dispatch/process';
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

describe('dispatch poll --json', () => {
  it('the dispatch as its JSON view', async () => {
    const p = await dispatchProject();
    const id = await spawnWith(p, 'pass');
    await waitFor(() => !isAlive(row(p, id).pid as number));
    const r = await p.ic(['--json', 'dispatch', 'poll', id]);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(r.stdout)).toMatchObject({ id, status: 'completed', in_tokens: 12, out_tokens: 34, verdict_status: 'pass' });
  });
});
