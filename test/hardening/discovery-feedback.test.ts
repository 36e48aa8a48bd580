// Idempotent discovery feedback under contention and SIGKILL: however many
// calls with one idempotency key race or are killed, exactly one signal and
// one event are recorded and the key is bound to that signal; concurrent
// submits of one source ID record one discovery. IC_STRESS=1 runs the full
// counts (200 killed calls); the default is small.
import { describe, expect, it } from 'vitest';
import { project, runIcConcurrently } from '../helpers';
import { loops } from './common';
import { killLoop, tally, typicalMs } from './kill-loop';

async function withDiscovery() {
  const p = await project();
  const r = await p.ic(['discovery', 'submit', '--source=exa', '--source-id=1', '--title=A']);
  return { p, id: r.stdout.trim() };
}

function counts(p: Awaited<ReturnType<typeof project>>) {
  const db = p.db();
  return {
    signals: db.prepare('SELECT count(*) AS n FROM feedback_signals').get(),
    events: db.prepare("SELECT count(*) AS n FROM discovery_events WHERE event_type = 'feedback.recorded'").get(),
    keys: db.prepare('SELECT idempotency_key, signal_id FROM feedback_idempotency').all(),
  };
}

describe('discovery feedback races', () => {
  it('concurrent calls with one key record one signal', async () => {
    const { p, id } = await withDiscovery();
    const results = await runIcConcurrently(
      loops(6, 32),
      ['discovery', 'feedback', id, '--signal=boost', '--idempotency-key=k', '--timeout=1m'],
      p.dir,
    );
    for (const r of results) expect(r, r.stderr).toMatchObject({ code: 0, stdout: `feedback recorded: ${id} boost\n` });
    expect(counts(p)).toEqual({ signals: { n: 1 }, events: { n: 1 }, keys: [{ idempotency_key: 'k', signal_id: 1 }] });
  });

  it('concurrent submits of one source ID record one discovery; the rest are exit 1', async () => {
    const p = await project();
    const results = await runIcConcurrently(
      loops(6, 32),
      ['discovery', 'submit', '--source=exa', '--source-id=same', '--title=T', '--timeout=1m'],
      p.dir,
    );
    expect(results.filter((r) => r.code === 0)).toHaveLength(1);
    for (const r of results.filter((r) => r.code !== 0)) expect(r.stderr).toMatch(/^ic: discovery submit: duplicate discovery: [^\n]*\n$/);
    expect(p.db().prepare('SELECT count(*) AS n FROM discoveries').get()).toEqual({ n: 1 });
    expect(p.db().prepare('SELECT count(*) AS n FROM discovery_events').get()).toEqual({ n: 1 });
  });

  it('calls killed at random moments: one signal, one event, the key bound', { timeout: 600_000 }, async () => {
    const { p, id } = await withDiscovery();
    const kills = loops(12, 200);
    const inv = { args: ['discovery', 'feedback', id, '--signal=boost', '--idempotency-key=killed', '--timeout=5s'] };
    const typical = await typicalMs(inv, p.dir, 2);
    const outcomes = await killLoop(
      Array.from({ length: kills }, () => inv),
      p.dir,
      { seed: 37, parallel: 2, typicalMs: typical },
    );
    tally('discovery feedback', outcomes);
    for (const o of outcomes) if (!o.killed) expect([0, 2], o.stderr).toContain(o.code);
    expect(p.icProcess(inv.args).code).toBe(0);
    expect(counts(p)).toEqual({ signals: { n: 1 }, events: { n: 1 }, keys: [{ idempotency_key: 'killed', signal_id: 1 }] });
  });
});
