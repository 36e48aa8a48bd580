import { describe, expect, it } from 'vitest';
import { type Project, project, runIcConcurrently } from '../../helpers';

/** A run with a budget and dispatches in its scope, inserted directly. */
function budgeted(p: Project, budget: number | null, pct = 80, dispatchCount = 1): string[] {
  const db = p.db();
  db.prepare(
    "INSERT INTO runs (id, project_dir, goal, phase, token_budget, budget_warn_pct) VALUES ('run00001', ?, 'g', 'planned', ?, ?)",
  ).run(p.dir, budget, pct);
  const ids = Array.from({ length: dispatchCount }, (_, i) => `d${String(i).padStart(7, '0')}`);
  for (const id of ids)
    db.prepare("INSERT INTO dispatches (id, project_dir, status, scope_id) VALUES (?, ?, 'completed', 'run00001')").run(id, p.dir);
  return ids;
}

const flags = (p: Project) => p.db().prepare("SELECT key, payload FROM state WHERE scope_id = 'run00001' ORDER BY key").all();
const budgetEvents = (p: Project) =>
  p
    .db()
    .prepare(
      "SELECT event_type, from_phase, to_phase, gate_result, gate_tier, reason FROM phase_events WHERE run_id = 'run00001' ORDER BY id",
    )
    .all();

describe('dispatch tokens', () => {
  it('sets (not adds) the counts given; status untouched; a terminal dispatch may be updated; --set is ignored', async () => {
    const p = await project();
    const [id] = budgeted(p, null);
    expect(await p.ic(['dispatch', 'tokens', id!, '--in=100', '--out=20', '--set'])).toEqual({ code: 0, stdout: 'updated\n', stderr: '' });
    expect(await p.ic(['--json', 'dispatch', 'tokens', id!, '--in=7'])).toEqual({ code: 0, stdout: '{"status":"updated"}\n', stderr: '' });
    expect(await p.ic(['dispatch', 'tokens', id!, '--cache=0'])).toEqual({ code: 0, stdout: 'updated\n', stderr: '' });
    expect(p.db().prepare('SELECT status, input_tokens, output_tokens, cache_hits FROM dispatches').get()).toEqual({
      status: 'completed',
      input_tokens: 7,
      output_tokens: 20,
      cache_hits: 0,
    });
    // cache_hits shows once set, 0 included; the Tokens line adds the cache when it is above 0.
    expect(JSON.parse((await p.ic(['--json', 'dispatch', 'status', id!])).stdout)).toMatchObject({
      cache_hits: 0,
      in_tokens: 7,
      out_tokens: 20,
    });
    expect((await p.ic(['dispatch', 'status', id!])).stdout).toContain('\nTokens:  7 in / 20 out\n');
    await p.ic(['dispatch', 'tokens', id!, '--cache=5']);
    expect((await p.ic(['dispatch', 'status', id!])).stdout).toContain('\nTokens:  7 in / 20 out / 5 cache\n');
  });

  it('bad input: no count, bad counts (negative, fractional, blanks, past 2^53) exit 3; an unknown id exit 1; nothing written', async () => {
    const p = await project();
    const [id] = budgeted(p, null);
    expect(await p.ic(['dispatch', 'tokens', id!])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: dispatch tokens: at least one of --in, --out, --cache is required\n',
    });
    for (const bad of ['-1', '1.5', 'x', ' 3', '9007199254740993', '']) {
      expect((await p.ic(['dispatch', 'tokens', id!, `--in=${bad}`])).code, bad).toBe(3);
    }
    expect((await p.ic(['dispatch', 'tokens'])).code).toBe(3);
    expect(await p.ic(['dispatch', 'tokens', 'nosuch01', '--in=1'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'ic: dispatch tokens: not found: nosuch01\n',
    });
    expect(p.db().prepare('SELECT input_tokens, output_tokens, cache_hits FROM dispatches').get()).toEqual({
      input_tokens: 0,
      output_tokens: 0,
      cache_hits: null,
    });
  });

  it('announces each threshold once: the flag, the phase event and the stderr line, warning before exceeded', async () => {
    const p = await project();
    const [a, b] = budgeted(p, 1000, 80, 2);
    expect(await p.ic(['dispatch', 'tokens', a!, '--in=500', '--out=100'])).toEqual({ code: 0, stdout: 'updated\n', stderr: '' });
    expect(await p.ic(['dispatch', 'tokens', b!, '--in=200'])).toEqual({
      code: 0,
      stdout: 'updated\n',
      stderr: '[budget] WARNING: 800/1000 tokens (80% threshold)\n',
    });
    expect(await p.ic(['dispatch', 'tokens', b!, '--in=250'])).toEqual({ code: 0, stdout: 'updated\n', stderr: '' });
    expect(await p.ic(['dispatch', 'tokens', b!, '--in=400'])).toEqual({
      code: 0,
      stdout: 'updated\n',
      stderr: '[budget] EXCEEDED: 1000/1000 tokens\n',
    });
    expect(await p.ic(['dispatch', 'tokens', b!, '--in=900'])).toEqual({ code: 0, stdout: 'updated\n', stderr: '' });
    expect(flags(p)).toEqual([
      { key: 'budget.exceeded', payload: '{"used":1000}' },
      { key: 'budget.warning', payload: '{"used":800}' },
    ]);
    expect(budgetEvents(p)).toEqual([
      {
        event_type: 'budget.warning',
        from_phase: 'planned',
        to_phase: 'planned',
        gate_result: null,
        gate_tier: null,
        reason: 'token usage 800 reached 80% of budget 1000',
      },
      {
        event_type: 'budget.exceeded',
        from_phase: 'planned',
        to_phase: 'planned',
        gate_result: null,
        gate_tier: null,
        reason: 'token usage 1000 exceeded budget 1000',
      },
    ]);
    // Deleting a flag re-arms its announcement.
    await p.ic(['state', 'delete', 'budget.warning', 'run00001']);
    expect((await p.ic(['dispatch', 'tokens', b!, '--out=1'])).stderr).toBe('[budget] WARNING: 1501/1000 tokens (80% threshold)\n');
  });

  // budget × pct × usage steps -> the announcements (w = warning, x = exceeded) made at each step.
  const TABLE: [number, number, number[], string[]][] = [
    [1000, 80, [799, 800, 999, 1000], ['', 'w', '', 'x']],
    [1000, 80, [1200], ['wx']],
    [1000, 1, [9, 10, 2000], ['', 'w', 'x']],
    [1000, 99, [989, 990, 1000], ['', 'w', 'x']],
    [99, 1, [0, 98, 99], ['', '', 'x']], // 99 × 1 / 100 = 0: too small to warn
    [1, 50, [1], ['x']],
    [3, 50, [1, 3], ['w', 'x']],
  ];
  it.each(TABLE)('budget %i at %i%%: usage steps %j announce %j', async (budget, pct, steps, expected) => {
    const p = await project();
    const [id] = budgeted(p, budget, pct);
    const made: string[] = [];
    for (const used of steps) {
      const r = await p.ic(['dispatch', 'tokens', id!, `--in=${used}`]);
      expect(r.code).toBe(0);
      const kinds = (
        p.db().prepare("SELECT event_type FROM phase_events WHERE run_id = 'run00001' ORDER BY id").all() as { event_type: string }[]
      ).map((e) => (e.event_type === 'budget.warning' ? 'w' : 'x'));
      made.push(kinds.slice(made.join('').length).join(''));
    }
    expect(made).toEqual(expected);
  });

  it('a run without a budget, or a dispatch without a scope: nothing announced', async () => {
    const p = await project();
    const [id] = budgeted(p, null);
    p.db().prepare("INSERT INTO dispatches (id, project_dir, status) VALUES ('noscope1', ?, 'running')").run(p.dir);
    expect(await p.ic(['dispatch', 'tokens', id!, '--in=99999'])).toEqual({ code: 0, stdout: 'updated\n', stderr: '' });
    expect(await p.ic(['dispatch', 'tokens', 'noscope1', '--in=99999'])).toEqual({ code: 0, stdout: 'updated\n', stderr: '' });
    expect(flags(p)).toEqual([]);
  });

  it('16 concurrent dispatch tokens on dispatches of one run announce each threshold exactly once', async () => {
    const p = await project();
    const ids = budgeted(p, 1600, 50, 16);
    // --timeout=1m: waiting for the write lock is not what is tested (under load one writer can
    // hold it past the default 100 ms); announcing each threshold once is.
    const results = await Promise.all(
      ids.map((id) => runIcConcurrently(1, ['--timeout=1m', 'dispatch', 'tokens', id, '--in=100'], p.dir).then((r) => r[0]!)),
    );
    expect(results.filter((r) => r.code !== 0)).toEqual([]);
    expect(budgetEvents(p).map((e) => (e as { event_type: string }).event_type)).toEqual(['budget.warning', 'budget.exceeded']);
    expect(results.filter((r) => r.stderr.startsWith('[budget] WARNING'))).toHaveLength(1);
    expect(results.filter((r) => r.stderr.startsWith('[budget] EXCEEDED'))).toHaveLength(1);
  });
});
