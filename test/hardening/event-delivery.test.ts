// Issue 31, class 3: a consumer gets every event, whatever the clocks did.
// Cursors keep the last id delivered of each source, so the stream must
// never deliver an event of a source before one of a lower id of the same
// source. Events are written straight into the tables with times in any
// order (a clock stepped back, a writer stamped before it got the lock), and
// a consumer reads them in batches of every size.
import { describe, expect, it } from 'vitest';
import { project } from '../helpers';
import { prng } from './kill-loop';

interface Seen {
  source: string;
  id: number;
}

/** Reads with --consumer until an empty batch; every line of every batch, in order. */
async function drain(p: Awaited<ReturnType<typeof project>>, consumer: string, limit: number): Promise<Seen[]> {
  const seen: Seen[] = [];
  for (let calls = 0; calls < 200; calls++) {
    const r = await p.ic(['events', 'tail', '--all', `--consumer=${consumer}`, `--limit=${limit}`]);
    expect(r.code, r.stderr).toBe(0);
    const batch = r.stdout
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Seen);
    if (!batch.length) return seen;
    seen.push(...batch.map(({ source, id }) => ({ source, id })));
  }
  throw new Error('the consumer never reached the end');
}

describe('events tail --consumer: complete delivery under any created_at order', () => {
  it('a clock stepped back: every event once, each source in id order, for every batch size', async () => {
    const p = await project();
    const db = p.db();
    db.prepare("INSERT INTO runs (id, project_dir, goal) VALUES ('run00001', '/p', 'g')").run();
    const phase = db.prepare(
      "INSERT INTO phase_events (run_id, from_phase, to_phase, event_type, created_at) VALUES ('run00001', 'a', 'b', 'advance', ?)",
    );
    const dispatch = db.prepare(
      "INSERT INTO dispatch_events (dispatch_id, run_id, from_status, to_status, created_at) VALUES ('d0000001', 'run00001', 'spawned', 'running', ?)",
    );
    // Ids rise, times jump back and forth (seeded: a failure replays).
    const random = prng(31);
    let phases = 0;
    let dispatches = 0;
    for (let i = 0; i < 24; i++) {
      const at = 1_000 + Math.floor(random() * 40);
      if (random() < 0.5) {
        phase.run(at);
        phases++;
      } else {
        dispatch.run(at);
        dispatches++;
      }
    }
    for (const limit of [1, 2, 3, 5, 1000]) {
      const seen = await drain(p, `c${limit}`, limit);
      const ids = (source: string) => seen.filter((e) => e.source === source).map((e) => e.id);
      expect(ids('phase'), `limit ${limit}`).toEqual(Array.from({ length: phases }, (_, i) => i + 1));
      expect(ids('dispatch'), `limit ${limit}`).toEqual(Array.from({ length: dispatches }, (_, i) => i + 1));
    }
  });

  it('times that rise with the ids: the contract order (time, dispatch before phase, id), batch by batch', async () => {
    const p = await project();
    const db = p.db();
    db.prepare("INSERT INTO runs (id, project_dir, goal) VALUES ('run00001', '/p', 'g')").run();
    const phase = db.prepare(
      "INSERT INTO phase_events (run_id, from_phase, to_phase, event_type, created_at) VALUES ('run00001', 'a', 'b', 'advance', ?)",
    );
    const dispatch = db.prepare(
      "INSERT INTO dispatch_events (dispatch_id, run_id, from_status, to_status, created_at) VALUES ('d0000001', 'run00001', 'spawned', 'running', ?)",
    );
    for (const at of [10, 10, 12, 15]) phase.run(at);
    for (const at of [10, 11, 12, 16]) dispatch.run(at);
    const expected = ['dispatch:1', 'phase:1', 'phase:2', 'dispatch:2', 'dispatch:3', 'phase:3', 'phase:4', 'dispatch:4'];
    expect((await drain(p, 'one', 1)).map((e) => `${e.source}:${e.id}`)).toEqual(expected);
    expect((await drain(p, 'three', 3)).map((e) => `${e.source}:${e.id}`)).toEqual(expected);
  });
});
