// Concurrent escalations of one chain serialize on the write lock: every
// failure is counted once, each retry's attempt follows the chain state it
// read, and the chain state and the retry rows agree.
import { describe, expect, it } from 'vitest';
import { project, runIcConcurrently } from '../helpers';

describe('dispatch retry --escalate under contention', () => {
  it('4 concurrent escalations of one chain: 4 failures recorded once each, one step up, 3 retries and one exhaustion', async () => {
    const p = await project();
    p.db()
      .prepare("INSERT INTO dispatches (id, project_dir, status, model, prompt_file) VALUES ('orig0001', ?, 'failed', 'sonnet', ?)")
      .run(p.dir, `${p.dir}/missing.md`);
    const results = await runIcConcurrently(
      4,
      ['--timeout=1m', '--json', 'dispatch', 'retry', 'orig0001', '--escalate', '--chain-key=k1', '--failure-mode=error'],
      p.dir,
    );
    expect(results.map((r) => r.code).sort()).toEqual([0, 0, 0, 1]);
    const answers = results.map((r) => JSON.parse(r.stdout) as { model: string; escalated: boolean });
    // Strikes at sonnet 1, 2 (up to opus), at opus 1, 2: fable is closed, so the 4th, whichever it is, exhausts the chain.
    expect(answers.filter((a) => a.escalated === true)).toHaveLength(1);
    expect(answers.filter((a) => 'exhausted' in a)).toHaveLength(1);
    const state = JSON.parse(
      (p.db().prepare("SELECT payload FROM state WHERE key = 'dispatch.chain.k1' AND scope_id = 'escalation'").get() as { payload: string })
        .payload,
    ) as { failures: string[]; escalations: number };
    expect(state.failures).toHaveLength(4);
    expect(state.escalations).toBe(1);
    const retries = p.db().prepare("SELECT model FROM dispatches WHERE parent_dispatch_id = 'orig0001' ORDER BY rowid").all();
    expect(retries).toEqual([{ model: 'sonnet' }, { model: 'opus' }, { model: 'opus' }]);
  });
});
