// portfolio dep add and run create --projects under contention and SIGKILL.
// dep add checks for a cycle and inserts in one write transaction (BEGIN
// IMMEDIATE), so adds started at once that would together close a cycle
// never both succeed; run create --projects writes the portfolio and all
// its children in one transaction, so a create killed at any moment leaves
// no portfolio or the portfolio with every child.
// IC_STRESS=1 runs the full counts (40 race rounds, 200 killed processes a loop); the default is small.
import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { project, runIcConcurrently } from '../helpers';
import { loops } from './common';
import { killLoop, tally, typicalMs } from './kill-loop';
import type { Invocation } from './lock-holder';

const ROUNDS = loops(3, 40);
const KILLS = loops(16, 200);
const TIMEOUT = loops(120_000, 900_000);

/** A portfolio over /p/a, /p/b, /p/c, written directly. */
function seedPortfolio(db: Database.Database, id: string): void {
  db.prepare("INSERT INTO runs (id, project_dir, goal, phase) VALUES (?, '', 'g', 'brainstorm')").run(id);
  for (const x of ['a', 'b', 'c'])
    db.prepare("INSERT INTO runs (id, project_dir, goal, phase, parent_run_id) VALUES (?, ?, 'g', 'brainstorm', ?)").run(
      `${id}${x}`,
      `/p/${x}`,
      id,
    );
}

const edges = (db: Database.Database, id: string) =>
  db
    .prepare('SELECT upstream_project AS up, downstream_project AS down FROM project_deps WHERE portfolio_run_id = ? ORDER BY id')
    .all(id) as {
    up: string;
    down: string;
  }[];

/** Whether the edges hold a cycle (depth-first search). */
function cyclic(list: { up: string; down: string }[]): boolean {
  const out = new Map<string, string[]>();
  for (const e of list) out.set(e.up, [...(out.get(e.up) ?? []), e.down]);
  const state = new Map<string, 1 | 2>();
  const visit = (n: string): boolean => {
    if (state.get(n) === 1) return true;
    if (state.get(n) === 2) return false;
    state.set(n, 1);
    const found = (out.get(n) ?? []).some(visit);
    state.set(n, 2);
    return found;
  };
  return [...out.keys()].some(visit);
}

describe('portfolio: races and SIGKILL', () => {
  it(
    `dep add a→b and b→a at once (${ROUNDS} rounds, 4 processes each): exactly one edge, never a cycle`,
    async () => {
      const p = await project();
      const db = p.db();
      for (let round = 0; round < ROUNDS; round++) {
        const id = `race${String(round).padStart(4, '0')}`;
        seedPortfolio(db, id);
        const [ab, ba] = await Promise.all([
          runIcConcurrently(2, ['portfolio', 'dep', 'add', id, '--upstream=/p/a', '--downstream=/p/b', '--timeout=10s'], p.dir),
          runIcConcurrently(2, ['portfolio', 'dep', 'add', id, '--upstream=/p/b', '--downstream=/p/a', '--timeout=10s'], p.dir),
        ]);
        const all = [...ab!, ...ba!];
        for (const r of all) {
          expect([0, 2], r.stderr).toContain(r.code);
          if (r.code === 0) expect(r).toEqual({ code: 0, stdout: 'added\n', stderr: '' });
          else
            expect(r.stderr).toMatch(
              /^ic: portfolio dep add: add dep: (cycle detected: adding .* would create a cycle|.* already exists)\n$/,
            );
        }
        expect(all.filter((r) => r.code === 0).length).toBe(1);
        const e = edges(db, id);
        expect(e.length).toBe(1);
        const winner = ab!.some((r) => r.code === 0) ? { up: '/p/a', down: '/p/b' } : { up: '/p/b', down: '/p/a' };
        expect(e).toEqual([winner]);
      }
    },
    TIMEOUT,
  );

  it(
    `a→b, b→c and c→a at once (${ROUNDS} rounds): two edges, never a cycle`,
    async () => {
      const p = await project();
      const db = p.db();
      for (let round = 0; round < ROUNDS; round++) {
        const id = `tri${String(round).padStart(4, '0')}`;
        seedPortfolio(db, id);
        const results = await Promise.all(
          [
            ['/p/a', '/p/b'],
            ['/p/b', '/p/c'],
            ['/p/c', '/p/a'],
          ].map(([up, down]) =>
            runIcConcurrently(1, ['portfolio', 'dep', 'add', id, `--upstream=${up}`, `--downstream=${down}`, '--timeout=10s'], p.dir),
          ),
        );
        const codes = results.map((r) => r[0]!.code).sort();
        expect(codes).toEqual([0, 0, 2]);
        expect(edges(db, id).length).toBe(2);
        expect(cyclic(edges(db, id))).toBe(false);
      }
    },
    TIMEOUT,
  );

  it(
    `SIGKILL during run create --projects (${KILLS}): no portfolio, or the portfolio with all its children`,
    async () => {
      const p = await project();
      const db = p.db();
      const invocations: Invocation[] = Array.from({ length: KILLS }, (_, i) => ({
        args: ['run', 'create', `--goal=k${i}`, '--projects=/p/a,/p/b,/p/c', '--timeout=10s'],
      }));
      const typical = await typicalMs({ args: ['run', 'create', '--goal=typical', '--projects=/p/a,/p/b,/p/c', '--timeout=10s'] }, p.dir);
      const outcomes = await killLoop(invocations, p.dir, { seed: 10, parallel: 4, typicalMs: typical });
      tally('crash: run create --projects', outcomes);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      let made = 0;
      for (const [i, o] of outcomes.entries()) {
        const parents = db.prepare("SELECT id FROM runs WHERE goal = ? AND project_dir = ''").pluck().all(`k${i}`) as string[];
        const children = db
          .prepare("SELECT project_dir, parent_run_id FROM runs WHERE goal = ? AND project_dir != '' ORDER BY rowid")
          .all(`k${i}`);
        if (!o.killed) expect(o.code, o.stderr).toBe(0);
        if (!o.killed || parents.length === 1) {
          expect(parents.length).toBe(1);
          if (!o.killed) expect(o.stdout.split('\n')[0]).toBe(parents[0]);
          expect(children).toEqual(['/p/a', '/p/b', '/p/c'].map((d) => ({ project_dir: d, parent_run_id: parents[0] })));
          made++;
        } else {
          expect(parents).toEqual([]);
          expect(children).toEqual([]);
        }
      }
      console.log(`crash: run create --projects: ${made} portfolios made, ${KILLS - made} none`);
    },
    TIMEOUT,
  );

  it(
    `SIGKILL during dep add (${KILLS}): every exit-0 add present once, never a cycle`,
    async () => {
      const p = await project();
      const db = p.db();
      const dirs = ['a', 'b', 'c', 'd', 'e'].map((x) => `/p/${x}`);
      db.prepare("INSERT INTO runs (id, project_dir, goal, phase) VALUES ('killpf00', '', 'g', 'brainstorm')").run();
      dirs.forEach((d, i) =>
        db
          .prepare("INSERT INTO runs (id, project_dir, goal, phase, parent_run_id) VALUES (?, ?, 'g', 'brainstorm', 'killpf00')")
          .run(`kc${i}`, d),
      );
      // Every ordered pair, both ways, a few times over: adds that succeed, duplicates and cycles.
      const pairs = dirs.flatMap((u) => dirs.filter((d) => d !== u).map((d) => [u, d] as const));
      const invocations: Invocation[] = Array.from({ length: KILLS }, (_, i) => {
        const [up, down] = pairs[(i * 7) % pairs.length]!;
        return { args: ['portfolio', 'dep', 'add', 'killpf00', `--upstream=${up}`, `--downstream=${down}`, '--timeout=10s'] };
      });
      const typical = await typicalMs({ args: ['portfolio', 'dep', 'list', 'killpf00'] }, p.dir);
      const outcomes = await killLoop(invocations, p.dir, { seed: 11, parallel: 4, typicalMs: typical });
      tally('crash: portfolio dep add', outcomes);
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      const e = edges(db, 'killpf00');
      expect(cyclic(e)).toBe(false);
      for (const o of outcomes.filter((x) => !x.killed && x.code === 0)) {
        const up = o.inv.args[4]!.slice('--upstream='.length);
        const down = o.inv.args[5]!.slice('--downstream='.length);
        expect(e.filter((x) => x.up === up && x.down === down).length).toBe(1);
      }
      for (const o of outcomes.filter((x) => !x.killed)) expect([0, 2], o.stderr).toContain(o.code);
    },
    TIMEOUT,
  );
});
