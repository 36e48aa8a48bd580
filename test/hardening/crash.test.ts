// Writers killed with SIGKILL at random moments, many at once. Afterwards the
// database is intact, every write that reported success is there, and no run
// advance is half-applied (a phase moved without its event, or the reverse).
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { PHASES } from '../../src/phase/machine';
import { BIN, project } from '../helpers';

interface Outcome {
  op: string;
  i: number;
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
}

/** A small deterministic PRNG, so a failure can be replayed. */
function prng(seed: number) {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

function runKilled(argv: string[], cwd: string, stdin: string, killAfterMs: number): Promise<Omit<Outcome, 'op' | 'i'>> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...argv], { cwd, stdio: ['pipe', 'pipe', 'ignore'] });
    let stdout = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stdin.on('error', () => {});
    child.stdin.end(stdin);
    const timer = setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      done({ code, signal, stdout });
    });
  });
}

describe('crash safety under SIGKILL', () => {
  it('random kills of state set, sentinel check, run advance and run agent add lose nothing committed', async () => {
    const p = await project();
    const RUNS = ['crun0001', 'crun0002', 'crun0003', 'crun0004', 'crun0005', 'crun0006'];
    const db = p.db();
    for (const id of RUNS) db.prepare("INSERT INTO runs (id, project_dir, goal) VALUES (?, '/p', 'crash')").run(id);

    const random = prng(20261124);
    const TOTAL = 160;
    const PARALLEL = 8;
    const outcomes: Outcome[] = [];
    for (let start = 0; start < TOTAL; start += PARALLEL) {
      const batch = Array.from({ length: Math.min(PARALLEL, TOTAL - start) }, (_, k) => {
        const i = start + k;
        const run = RUNS[Math.floor(random() * RUNS.length)]!;
        const ops: [string, string[], string][] = [
          ['state set', ['state', 'set', 'crash', `s${i}`], `{"i":${i}}`],
          ['sentinel check', ['sentinel', 'check', `c${i % 5}`, 's', '--interval=0'], ''],
          ['run advance', ['run', 'advance', run], ''],
          ['run agent add', ['run', 'agent', 'add', run, `--name=a${i}`], ''],
        ];
        const [op, argv, stdin] = ops[i % ops.length]!;
        // Eight at once on a busy machine start in 60-300 ms: kills land before, during and after the database work.
        const killAfter = 30 + Math.floor(random() * 300);
        return runKilled(argv, p.dir, stdin, killAfter).then((r) => outcomes.push({ op, i, ...r }));
      });
      await Promise.all(batch);
    }

    const killed = outcomes.filter((o) => o.signal === 'SIGKILL');
    const finished = outcomes.filter((o) => o.signal === null);
    // Both kinds happened, or the test proves nothing.
    expect(killed.length).toBeGreaterThan(10);
    expect(finished.filter((o) => o.code === 0).length).toBeGreaterThan(10);
    // No finished process failed (exit 2) or misused (exit 3).
    expect(finished.filter((o) => o.code !== 0 && o.code !== 1)).toEqual([]);
    console.log(`crash test: ${outcomes.length} writers, ${killed.length} killed with SIGKILL, ${finished.length} finished`);

    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    expect(db.pragma('foreign_key_check')).toEqual([]);

    // Every acknowledged write is there.
    for (const o of finished.filter((o) => o.code === 0)) {
      if (o.op === 'state set') {
        expect(db.prepare("SELECT payload FROM state WHERE key = 'crash' AND scope_id = ?").get(`s${o.i}`)).toEqual({ payload: `{"i":${o.i}}` });
      }
      if (o.op === 'run agent add') {
        expect(db.prepare('SELECT name FROM run_agents WHERE id = ?').get(o.stdout.trim())).toEqual({ name: `a${o.i}` });
      }
      if (o.op === 'run advance') {
        const [from, to] = o.stdout.trim().split(' → ');
        expect(db.prepare('SELECT count(*) AS n FROM phase_events WHERE from_phase = ? AND to_phase = ?').get(from, to)).not.toEqual({ n: 0 });
      }
    }
    // Nothing half-applied: each run's phase is where its events lead, one step per event.
    for (const id of RUNS) {
      const run = db.prepare('SELECT phase, status FROM runs WHERE id = ?').get(id) as { phase: string; status: string };
      const events = db.prepare('SELECT from_phase, to_phase FROM phase_events WHERE run_id = ? ORDER BY id').all(id) as { from_phase: string; to_phase: string }[];
      expect(events.map((e) => [e.from_phase, e.to_phase])).toEqual(events.map((_, k) => [PHASES[k], PHASES[k + 1]]));
      expect(run.phase).toBe(PHASES[events.length]);
      expect(run.status).toBe(run.phase === 'done' ? 'completed' : 'active');
    }
  }, 120_000);
});
