// Crash safety: writers SIGKILLed at random moments, a few at a time. After
// the storm the database passes integrity_check, every write whose process
// exited 0 is there exactly as written, nothing is torn, and ic works on.
import { describe, expect, it } from 'vitest';
import { project } from '../helpers';
import type { Invocation } from './lock-holder';
import { loops } from './common';
import { killLoop, tally, typicalMs } from './kill-loop';

/** Writers per loop, 4 at a time: enough for kills before, during and after the commit. */
const PER_LOOP = loops(24, 100);

const payload = (i: number) =>
  i % 3 === 0 ? JSON.stringify({ i, big: Array.from({ length: 6 }, () => 'x'.repeat(90_000)) }) : JSON.stringify({ i });

describe('SIGKILL at random moments', () => {
  it('state set: integrity ok, every exit-0 write present and whole, no torn row', async () => {
    const p = await project();
    const invocations: Invocation[] = Array.from({ length: PER_LOOP }, (_, i) => ({
      args: ['state', 'set', 'crash', `s${i}`],
      stdin: payload(i),
    }));
    const typical = await typicalMs({ args: ['state', 'set', 'warm', 'up'], stdin: payload(0) }, p.dir);
    const outcomes = await killLoop(invocations, p.dir, { seed: 7, parallel: 4, typicalMs: typical });
    const { kills } = tally('crash: state set', outcomes);
    expect(kills).toBeGreaterThan(0);

    const db = p.db();
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const rows = new Map(
      (db.prepare("SELECT scope_id, payload FROM state WHERE key = 'crash'").all() as { scope_id: string; payload: string }[]).map((r) => [
        r.scope_id,
        r.payload,
      ]),
    );
    outcomes.forEach((o, i) => {
      if (!o.killed) expect(o, `s${i}`).toMatchObject({ code: 0, stdout: '', stderr: '' });
      if (!o.killed) expect(rows.get(`s${i}`), `s${i} exited 0 but its row is missing`).toBe(payload(i));
      // A killed writer's row is either absent or whole.
      if (rows.has(`s${i}`)) expect(rows.get(`s${i}`)).toBe(payload(i));
    });
    // Kills that landed after the commit show the loop reaches the database work.
    console.log(`crash: state set: ${outcomes.filter((o, i) => o.killed && rows.has(`s${i}`)).length} of the killed had committed`);
    expect(p.icProcess(['health'])).toEqual({ code: 0, stdout: 'ok\n', stderr: '' });
    expect(p.icProcess(['state', 'set', 'after', 'crash'], { stdin: '{"ok":1}' })).toMatchObject({ code: 0 });
  });

  it('sentinel check: integrity ok, every allowed claim recorded, none recorded twice', async () => {
    const p = await project();
    // Half unique (each must be allowed if not killed), half one shared sentinel.
    const invocations: Invocation[] = Array.from({ length: PER_LOOP }, (_, i) => ({
      args: ['sentinel', 'check', i % 2 ? 'shared' : 'own', i % 2 ? 'x' : `s${i}`, '--interval=0'],
    }));
    const typical = await typicalMs({ args: ['sentinel', 'check', 'warm', 'up', '--interval=0'] }, p.dir);
    const outcomes = await killLoop(invocations, p.dir, { seed: 11, parallel: 4, typicalMs: typical });
    const { kills } = tally('crash: sentinel check', outcomes);
    expect(kills).toBeGreaterThan(0);

    const db = p.db();
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    const own = new Set(db.prepare("SELECT scope_id FROM sentinels WHERE name = 'own'").pluck().all() as string[]);
    const sharedAllowed = outcomes.filter((o, i) => i % 2 && !o.killed && o.code === 0);
    outcomes.forEach((o, i) => {
      if (o.killed) return;
      expect(o.stderr).toBe('');
      if (i % 2 === 0) {
        expect(o).toMatchObject({ code: 0, stdout: 'allowed\n' });
        expect(own.has(`s${i}`), `s${i} was allowed but not recorded`).toBe(true);
      } else {
        expect([0, 1]).toContain(o.code);
      }
    });
    // At most one claim of the shared sentinel was ever allowed; if one was, it is recorded.
    expect(sharedAllowed.length).toBeLessThanOrEqual(1);
    if (sharedAllowed.length) expect(db.prepare("SELECT count(*) FROM sentinels WHERE name = 'shared'").pluck().get()).toBe(1);
    expect(p.icProcess(['sentinel', 'check', 'shared', 'x', '--interval=0']).code).toBe(
      db.prepare("SELECT count(*) FROM sentinels WHERE name = 'shared'").pluck().get() ? 1 : 0,
    );
  });
});
