import { describe, expect, it } from 'vitest';
import { isAlive } from '../../../src/dispatch/process';
import { dispatchProject, row, spawnWith } from './common';

describe('dispatch poll and wait', () => {
  it('a passing agent: verdict, summary, tokens, exit 0, completed', async () => {
    const p = await dispatchProject();
    const id = await spawnWith(p, 'pass', '--name=rev');
    const r = await p.ic(['dispatch', 'wait', id, '--poll=50ms', '--timeout=20s']);
    const pid = row(p, id).pid;
    expect(r).toEqual({
      code: 0,
      stdout:
        `ID:      ${id}\nStatus:  completed\nType:    codex\nName:    rev\nPID:     ${pid}\nProject: ${p.dir}\nPrompt:  ${p.prompt}\nOutput:  ${p.dir}/out-pass.md\n` +
        'Tokens:  12 in / 34 out\nVerdict: pass\nSummary: looks good\nExit:    0\n',
      stderr: '',
    });
    expect(row(p, id)).toMatchObject({
      status: 'completed',
      exit_code: 0,
      input_tokens: 12,
      output_tokens: 34,
      completed_at: expect.any(Number),
    });
    // A terminal dispatch is unchanged by a poll.
    const before = row(p, id);
    expect((await p.ic(['dispatch', 'poll', id])).code).toBe(0);
    expect(row(p, id)).toEqual(before);
  });

  it('a failing verdict: exit_code 1, failed, wait exits 1; no verdict: exit_code -1', async () => {
    const p = await dispatchProject();
    const f = await spawnWith(p, 'fail');
    const s = await spawnWith(p, 'silent');
    expect(await p.ic(['dispatch', 'wait', f, '--poll=50ms', '--timeout=20s'])).toMatchObject({ code: 1, stderr: '' });
    expect(await p.ic(['dispatch', 'wait', s, '--poll=50ms', '--timeout=20s'])).toMatchObject({ code: 1, stderr: '' });
    expect(row(p, f)).toMatchObject({ status: 'failed', exit_code: 1, verdict_status: 'fail', verdict_summary: 'tests break' });
    expect(row(p, s)).toMatchObject({ status: 'failed', exit_code: -1, verdict_status: null, input_tokens: 0 });
  });

  it('wait --timeout: kills the agent, status timeout, exit 1', async () => {
    const p = await dispatchProject();
    const id = await spawnWith(p, 'sleeps');
    const r = await p.ic(['dispatch', 'wait', id, '--timeout=300ms', '--poll=50ms']);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('\nStatus:  timeout\n');
    expect(row(p, id)).toMatchObject({ status: 'timeout', completed_at: expect.any(Number) });
    expect(isAlive(row(p, id).pid as number)).toBe(false);
  });
});

describe('dispatch wait --json', () => {
  it('the dispatch as it ended, as its JSON view', async () => {
    const p = await dispatchProject();
    const id = await spawnWith(p, 'fail');
    const r = await p.ic(['--json', 'dispatch', 'wait', id, '--poll=50ms', '--timeout=20s']);
    expect(r).toMatchObject({ code: 1, stderr: '' });
    expect(JSON.parse(r.stdout)).toMatchObject({ id, status: 'failed', exit_code: 1, verdict_status: 'fail' });
  });
});
