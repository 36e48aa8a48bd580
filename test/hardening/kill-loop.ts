// Runs ic processes and SIGKILLs them at random moments (a seeded generator,
// so a failure can be replayed), a few at a time so kills land while others
// are writing.
import { spawn } from 'node:child_process';
import { BIN } from '../helpers';
import type { Invocation } from './lock-holder';

export interface Outcome {
  inv: Invocation;
  /** Killed before it exited on its own. */
  killed: boolean;
  code: number | null;
  stdout: string;
  stderr: string;
}

/** mulberry32: a small seeded PRNG. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function runOne(inv: Invocation, cwd: string, killAfterMs: number | undefined): Promise<Outcome> {
  return new Promise((resolve) => {
    const started = Date.now();
    const child = spawn(process.execPath, [BIN, ...inv.args], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.stdin.on('error', () => {});
    child.stdin.end(inv.stdin ?? '');
    const timer = killAfterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), killAfterMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      void started;
      resolve({ inv, killed: signal === 'SIGKILL', code, stdout, stderr });
    });
  });
}

/** How long one of these takes unkilled, on this machine now, `parallel` at a time (the median). */
export async function typicalMs(inv: Invocation, cwd: string, parallel = 4): Promise<number> {
  const times: number[] = [];
  for (let round = 0; round < 2; round++) {
    await Promise.all(
      Array.from({ length: parallel }, async () => {
        const t = Date.now();
        await runOne(inv, cwd, undefined);
        times.push(Date.now() - t);
      }),
    );
  }
  return times.sort((a, b) => a - b)[Math.floor(times.length / 2)]!;
}

/**
 * Runs every invocation, `parallel` at a time; each is killed after a random
 * fraction in [0.6, spread (1.2)] of the current run time (node's start-up
 * comes first, the database work last), or left alone with probability
 * `spare` (0.2). The run time starts at `typicalMs` and follows the runs that
 * end on their own, so that the kills stay aimed when the machine's load
 * changes.
 */
export async function killLoop(
  invocations: Invocation[],
  cwd: string,
  options: { seed: number; parallel: number; typicalMs: number; spare?: number; spread?: number },
): Promise<Outcome[]> {
  const random = prng(options.seed);
  const plan = invocations.map((inv) => ({
    inv,
    spared: random() < (options.spare ?? 0.2),
    fraction: 0.6 + random() * ((options.spread ?? 1.2) - 0.6),
  }));
  const recent: number[] = [options.typicalMs];
  const current = () => [...recent].sort((a, b) => a - b)[Math.floor(recent.length / 2)]!;
  const out: Outcome[] = new Array(plan.length);
  let next = 0;
  const worker = async () => {
    while (next < plan.length) {
      const i = next++;
      const { inv, spared, fraction } = plan[i]!;
      const started = Date.now();
      out[i] = await runOne(inv, cwd, spared ? undefined : Math.floor(current() * fraction));
      if (!out[i]!.killed) {
        recent.push(Date.now() - started);
        if (recent.length > 9) recent.shift();
      }
    }
  };
  await Promise.all(Array.from({ length: options.parallel }, worker));
  return out;
}

export function tally(label: string, outcomes: Outcome[]): { kills: number; completed: number } {
  const kills = outcomes.filter((o) => o.killed).length;
  const completed = outcomes.filter((o) => !o.killed && o.code === 0).length;
  console.log(
    `${label}: ${outcomes.length} processes, ${kills} killed by SIGKILL, ${completed} exited 0, ${outcomes.length - kills - completed} exited non-zero`,
  );
  return { kills, completed };
}
