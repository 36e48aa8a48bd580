// The scheduler's queue under contention and SIGKILL: concurrent submits
// lose and double nothing; concurrent drains, and drains killed at random
// moments, spawn each job's agent exactly once (a killed drain's claim is
// reclaimed and its agent never ran: it was held at its gate).
// IC_STRESS=1 runs the full counts (200 killed drains); the default is small.
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { project, runIcConcurrently } from '../helpers';
import { loops } from './common';
import { killLoop, tally, typicalMs } from './kill-loop';

/** A project whose agent appends its output path to ran.log (one line per agent that really ran). */
async function queueProject() {
  const p = await project();
  writeFileSync(join(p.dir, 'prompt.md'), 'x\n');
  const script = join(p.dir, 'agent.sh');
  writeFileSync(
    script,
    `#!/usr/bin/env bash
out=""; for ((i = 1; i <= $#; i++)); do if [[ \${!i} == -o ]]; then j=$((i + 1)); out=\${!j}; fi; done
printf '%s\\n' "$out" >>${JSON.stringify(join(p.dir, 'ran.log'))}
`,
  );
  chmodSync(script, 0o755);
  // Jobs as dispatch spawn --scheduled queues them (written directly: quicker than a process each).
  let queued = 0;
  const queue = (n: number) => {
    const insert = p
      .db()
      .prepare(
        "INSERT INTO scheduler_jobs (id, status, priority, agent_type, session_name, spawn_opts, created_at) VALUES (?, 'pending', 2, 'claude', ?, ?, ?)",
      );
    for (let i = queued; i < queued + n; i++) {
      const opts = {
        AgentType: 'claude',
        ProjectDir: p.dir,
        PromptFile: join(p.dir, 'prompt.md'),
        OutputFile: join(p.dir, `out-${i}.md`),
        DispatchSH: script,
      };
      insert.run(`job${String(i).padStart(29, '0')}`, `s${i % 3}`, JSON.stringify(opts), 1700000000 + i);
    }
    queued += n;
  };
  const ran = () => {
    try {
      return readFileSync(join(p.dir, 'ran.log'), 'utf8').split('\n').filter(Boolean);
    } catch {
      return [];
    }
  };
  return { p, queue, ran };
}

async function waitForRuns(ran: () => string[], n: number): Promise<void> {
  for (let i = 0; i < 300 && ran().length < n; i++) await new Promise((r) => setTimeout(r, 50));
  // Give a stray second run the time to show itself.
  await new Promise((r) => setTimeout(r, 300));
}

describe('scheduler races', () => {
  it('concurrent submits: every one that exits 0 has its own row', async () => {
    const p = await project();
    writeFileSync(join(p.dir, 'prompt.md'), 'x\n');
    const n = loops(6, 32);
    const results = await runIcConcurrently(n, ['scheduler', 'submit', '--prompt-file=prompt.md'], p.dir);
    const ids = results.filter((r) => r.code === 0).map((r) => r.stdout.trim());
    for (const r of results) expect([0, 2], r.stderr).toContain(r.code); // a busy database is exit 2, one line
    expect(new Set(ids).size).toBe(ids.length);
    const rows = (p.db().prepare('SELECT id FROM scheduler_jobs').all() as { id: string }[]).map((r) => r.id);
    expect(rows.sort()).toEqual(ids.sort());
  });

  it("concurrent drains spawn each job's agent exactly once", async () => {
    const { p, queue, ran } = await queueProject();
    const jobs = loops(6, 24);
    queue(jobs);
    await runIcConcurrently(loops(2, 6), ['scheduler', 'drain', '--interval=0s', '--timeout=5s'], p.dir);
    // Whatever a busy database left queued, one more drain spawns.
    expect(p.icProcess(['scheduler', 'drain', '--interval=0s']).code).toBe(0);
    await waitForRuns(ran, jobs);
    const runs = ran();
    expect(runs.sort()).toEqual(Array.from({ length: jobs }, (_, i) => join(p.dir, `out-${i}.md`)).sort());
    expect(p.db().prepare('SELECT status, count(*) AS n FROM scheduler_jobs GROUP BY status').all()).toEqual([
      { status: 'completed', n: jobs },
    ]);
  });

  it('drains killed at random moments: no job lost, none spawned twice', { timeout: 600_000 }, async () => {
    const { p, queue, ran } = await queueProject();
    const kills = loops(10, 200);
    const jobs = kills + 4; // 4 for the timing runs
    queue(jobs);
    const inv = { args: ['scheduler', 'drain', '--interval=0s', '--max=1', '--timeout=5s'] };
    const typical = await typicalMs(inv, p.dir, 2);
    const outcomes = await killLoop(
      Array.from({ length: kills }, () => inv),
      p.dir,
      { seed: 30, parallel: 2, typicalMs: typical, spare: 0.1 },
    );
    tally('scheduler drain', outcomes);
    for (const o of outcomes) if (!o.killed) expect([0, 2], o.stderr).toContain(o.code);
    // Every claim a killed drain left goes back to the queue; the rest is spawned now.
    expect(p.icProcess(['scheduler', 'drain', '--interval=0s', '--reclaim-after=0s']).code).toBe(0);
    await waitForRuns(ran, jobs);
    const runs = ran();
    const expected = Array.from({ length: jobs }, (_, i) => join(p.dir, `out-${i}.md`));
    expect([...runs].sort()).toEqual(expected.sort());
    const db = p.db();
    expect(db.prepare('SELECT status, count(*) AS n FROM scheduler_jobs GROUP BY status').all()).toEqual([
      { status: 'completed', n: jobs },
    ]);
    const abandoned = db.prepare("SELECT count(*) AS n FROM dispatches WHERE pid IS NULL AND error_message LIKE '%interrupted%'").get() as {
      n: number;
    };
    console.log(`scheduler drain: ${abandoned.n} claims abandoned by killed drains were reclaimed`);
    // Each job's dispatch is the one whose agent ran; abandoned ones failed without a pid.
    expect(db.prepare("SELECT count(*) AS n FROM dispatches WHERE status = 'running' OR pid IS NOT NULL").get()).toEqual({ n: jobs });
    expect(db.prepare("SELECT count(*) AS n FROM dispatches WHERE pid IS NULL AND status <> 'failed'").get()).toEqual({ n: 0 });
  });
});
