// Delivery is at least once: a consumer killed at any moment of events tail
// sees the events it may have missed again, and never loses one. Runs of
// `events tail --all --consumer`, SIGKILLed at random moments until 20 (100
// under IC_STRESS=1) were killed (a few spared), then one that drains the rest: together their output covers every
// event, and every line any of them wrote is a whole JSON line.
import { describe, expect, it } from 'vitest';
import { project, runIcProcess } from '../helpers';
import { loops } from './common';
import { killLoop, typicalMs } from './kill-loop';

const KILLS = loops(20, 100);
const BATCH = loops(10, 40);
/** Kills land on most runs; the bound only stops a loop whose kills never do. */
const MAX_ROUNDS = loops(16, 8);

describe('events tail --consumer SIGKILLed at random moments', () => {
  it('the union of what was written covers every event; no half line', async () => {
    const p = await project();
    const db = p.db();
    db.prepare("INSERT INTO runs (id, project_dir, goal) VALUES ('run00001', '/p', 'g')").run();
    const phase = db.prepare("INSERT INTO phase_events (run_id, from_phase, to_phase, created_at) VALUES ('run00001', 'a', 'b', ?)");
    const dispatch = db.prepare(
      "INSERT INTO dispatch_events (dispatch_id, run_id, from_status, to_status, created_at) VALUES ('d1', ?, 'spawned', 'running', ?)",
    );
    db.transaction(() => {
      for (let i = 0; i < 400; i++) phase.run(1000 + Math.floor(i / 3));
      for (let i = 0; i < 200; i++) dispatch.run(i % 2 ? 'run00001' : null, 1000 + Math.floor(i / 2));
    })();
    const all = new Set([
      ...Array.from({ length: 400 }, (_, i) => `phase:${i + 1}`),
      ...Array.from({ length: 200 }, (_, i) => `dispatch:${i + 1}`),
    ]);

    const inv = { args: ['events', 'tail', '--all', '--consumer=crash', '--limit=6'] };
    const typical = await typicalMs({ args: ['events', 'tail', '--all', '--limit=6'] }, p.dir, 1);
    // Rounds of BATCH until KILLS have been killed (a loaded machine finishes some before their kill lands).
    const outcomes = [];
    for (let round = 0; round < MAX_ROUNDS && outcomes.filter((o) => o.killed).length < KILLS; round++) {
      outcomes.push(
        ...(await killLoop(
          Array.from({ length: BATCH }, () => inv),
          p.dir,
          { seed: 14 + round, parallel: 1, typicalMs: typical, spare: 0.05, spread: 1 },
        )),
      );
    }
    const seen = new Set<string>();
    const take = (stdout: string) => {
      for (const line of stdout.split('\n').filter(Boolean)) {
        const e = JSON.parse(line) as { source: string; id: number };
        seen.add(`${e.source}:${e.id}`);
      }
    };
    for (const o of outcomes) take(o.stdout);
    // Drain what is left after the last save.
    for (let i = 0; i < 200; i++) {
      const r = runIcProcess(['events', 'tail', '--all', '--consumer=crash', '--limit=1000'], p.dir);
      expect(r.code).toBe(0);
      if (r.stdout === '') break;
      take(r.stdout);
    }
    const kills = outcomes.filter((o) => o.killed).length;
    console.log(
      `crash: events tail --consumer: ${outcomes.length} runs, ${kills} killed by SIGKILL, ${seen.size} distinct events delivered of ${all.size}`,
    );
    expect([...all].filter((e) => !seen.has(e))).toEqual([]);
    expect(kills).toBeGreaterThanOrEqual(KILLS);
  }, 300_000);
});
