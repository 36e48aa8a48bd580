// Issue 29: event delivery under stress across every source events tail
// merges (the list is SOURCES of src/events/tail.ts; the first tests hold it
// to the spec's EventEnvelope and to the schema's *_events tables, and WRITE
// below must name each, so a new source cannot be left out). Writers record
// events of every source through the real commands while 4 consumers (2
// registered durable) run `events tail --all --consumer=<name> --limit=N`
// over and over, SIGKILLed at random moments (or as their first lines
// arrive) until the consumers have been killed 20 times (500 under
// IC_STRESS=1); then each consumer drains what is left. Every event of every
// source must have reached every consumer, no run may start past an event
// that consumer had not been given, and each cursor ends at every source's
// last id.
//
// The guarantee is at-least-once: the cursor (the last id delivered of each
// source) is saved after a batch has been written in full, so a consumer
// killed between writing lines and saving the cursor gets those lines again
// on its next run (redelivered, counted in the log line); an event is never
// skipped. The second suite makes that deterministic: the write lock held,
// a consumer writes its batch and waits to save; killed then, its next run
// writes the same batch. The third steps the clock back in each source in
// turn, and in all at once (ids rising, created_at falling), and drains with
// every batch size: each source comes whole, once, in id order.
import { spawn } from 'node:child_process';
import { chmodSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { isAlive, sleep } from '../../src/dispatch/process';
import { SOURCES } from '../../src/events/tail';
import { BIN, type IcResult, type Project, ROOT, project } from '../helpers';
import { STRESS, loops } from './common';
import { prng } from './kill-loop';

type Source = (typeof SOURCES)[number];

const CONSUMERS = 4;
/** SIGKILLs of consumers, all consumers together. */
const KILLS = loops(20, 500);
/** Rounds (an event of every source) each writer writes before the consumers start: a backlog for them to be killed in. */
const BACKLOG = loops(1, 4);
/** Rounds each writer writes while the consumers run, at least (it goes on until the kills are all done). */
const MIN_ROUNDS = loops(1, 4);
/** Dispatches spawned up front, each polled to its end by a writer during the kills (a dispatch event each). */
const DISPATCHES = loops(2, 12);
const WRITERS = 2;
/** The batch sizes consumers ask for. */
const LIMITS = [1, 2, 3, 5, 8, 13];
/** Busy waits are not what these tests are about: every command waits for the write lock. */
const WAIT = '--timeout=1m';

/** A whole number of seconds, as ic stamps created_at. */
const nowS = () => Math.floor(Date.now() / 1000);

/**
 * ic as a child process (the built bin/ic), without blocking the event loop.
 * SIGKILLed `kill.afterMs` after its start, or as soon as its first output
 * arrives (`kill.onOutput`: lines written, the batch perhaps not finished and
 * the cursor most likely not saved yet).
 */
function icChild(
  args: string[],
  cwd: string,
  kill: { afterMs?: number; onOutput?: boolean } = {},
): Promise<IcResult & { killed: boolean }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => {
      stdout += d;
      if (kill.onOutput) child.kill('SIGKILL');
    });
    child.stderr.on('data', (d) => (stderr += d));
    const timer = kill.afterMs === undefined ? undefined : setTimeout(() => child.kill('SIGKILL'), kill.afterMs);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      done({ code: code ?? -1, stdout, stderr, killed: signal === 'SIGKILL' });
    });
  });
}

type Run = (args: string[]) => Promise<IcResult>;

/** What a writer holds across its rounds: its run (a new one once the last is done), the dispatches left to poll. */
interface Writer {
  name: string;
  run: string;
  dispatches: string[];
}

/**
 * How each source's events are made through the real commands, one call or
 * two, each with the exit code it must give. Keyed by source: the suite
 * fails when this set is not the set of sources events tail reads.
 */
const WRITE: Record<Source, (ic: Run, w: Writer, round: number) => Promise<string[]>> = {
  async phase(ic, w) {
    // The run's next phase (gates off); a run at its end is replaced by a new one.
    let r = await ic([WAIT, 'run', 'advance', w.run, '--disable-gates']);
    if (r.code === 1 && r.stderr.includes('terminal status')) {
      const created = await ic([WAIT, 'run', 'create', `--goal=${w.name}`, '--project=.']);
      if (created.code !== 0) return [`run create: ${JSON.stringify(created)}`];
      w.run = created.stdout.trim();
      r = await ic([WAIT, 'run', 'advance', w.run, '--disable-gates']);
    }
    return expectCode(r, 0, 'run advance');
  },
  async dispatch(ic, w, round) {
    // A cost discrepancy (recorded with the run's dispatch events, as Go does), and a dispatch's end when one is left to poll.
    const problems = expectCode(
      await ic([WAIT, 'cost', 'reconcile', w.run, `--billed-in=${round + 1}`, '--billed-out=1']),
      1,
      'cost reconcile',
    );
    const id = w.dispatches.shift();
    if (id !== undefined) problems.push(...expectCode(await ic([WAIT, 'dispatch', 'poll', id]), 0, 'dispatch poll'));
    return problems;
  },
  async interspect(ic, w, round) {
    return expectCode(
      await ic([WAIT, 'interspect', 'record', `--agent=${w.name}`, '--type=override', `--reason=r${round}`, `--run=${w.run}`]),
      0,
      'interspect',
    );
  },
  async discovery(ic, w, round) {
    return expectCode(
      await ic([WAIT, 'discovery', 'submit', '--source=dl', `--source-id=${w.name}-${round}`, '--title=t']),
      0,
      'discovery',
    );
  },
  async review(ic, w, round) {
    const context = {
      finding_id: `${w.name}-${round}`,
      agents: { a: 'high', b: 'low' },
      resolution: 'fixed',
      chosen_severity: 'high',
      impact: 'none',
    };
    return expectCode(
      await ic([
        WAIT,
        'events',
        'emit',
        '--source=review',
        '--type=disagreement_resolved',
        `--context=${JSON.stringify(context)}`,
        `--run=${w.run}`,
      ]),
      0,
      'review',
    );
  },
  async coordination(ic, w, round) {
    const owner = `--owner=${w.name}-${round}`;
    return [
      ...expectCode(
        await ic([WAIT, 'coordination', 'reserve', owner, '--scope=dl', `--pattern=${w.name}/${round}/*`, `--run=${w.run}`]),
        0,
        'reserve',
      ),
      ...expectCode(await ic([WAIT, 'coordination', 'release', owner, '--scope=dl']), 0, 'release'),
    ];
  },
  async agency(ic, w, round) {
    const payload = { agency_name: w.name, cycle_id: 'c1', stage: `s${round}` };
    return expectCode(
      await ic([
        WAIT,
        'events',
        'record',
        '--source=agency',
        '--type=stage',
        `--payload=${JSON.stringify(payload)}`,
        `--idempotency-key=${round}`,
        `--run=${w.run}`,
      ]),
      0,
      'agency',
    );
  },
  async intent(ic, w, round) {
    const payload = {
      intent_type: 'sprint.advance',
      bead_id: `${w.name}-${round}`,
      idempotency_key: `${w.name}-${round}`,
      success: round % 2 === 0,
    };
    return expectCode(
      await ic([WAIT, 'events', 'record', '--source=intent', '--type=intent', `--payload=${JSON.stringify(payload)}`, `--run=${w.run}`]),
      0,
      'intent',
    );
  },
};

function expectCode(r: IcResult, code: number, label: string): string[] {
  return r.code === code ? [] : [`${label}: expected exit ${code}, got ${JSON.stringify(r)}`];
}

/** One round of a writer: an event of every source, in a shuffled order (seeded). */
async function writeRound(ic: Run, w: Writer, round: number, random: () => number): Promise<string[]> {
  const order = [...SOURCES].sort(() => random() - 0.5);
  const problems: string[] = [];
  for (const source of order) problems.push(...(await WRITE[source](ic, w, round)));
  return problems;
}

/** The ids of each source's table: what every consumer must have been given. */
function allIds(p: Project): Record<Source, number[]> {
  const db = p.db();
  return Object.fromEntries(
    SOURCES.map((s) => [s, (db.prepare(`SELECT id FROM ${s}_events ORDER BY id`).all() as { id: number }[]).map((r) => r.id)]),
  ) as Record<Source, number[]>;
}

interface Line {
  source: Source;
  id: number;
}

/** The lines of one run of events tail; a problem when one is not a whole JSON line. */
function linesOf(stdout: string, problems: string[], label: string): Line[] {
  if (stdout !== '' && !stdout.endsWith('\n')) problems.push(`${label}: a half line: ${JSON.stringify(stdout.slice(-200))}`);
  const out: Line[] = [];
  for (const line of stdout.split('\n').filter(Boolean)) {
    try {
      const e = JSON.parse(line) as Line;
      out.push({ source: e.source, id: e.id });
    } catch {
      problems.push(`${label}: not a JSON line: ${line.slice(0, 200)}`);
    }
  }
  return out;
}

/**
 * What one consumer has been given, run after run, checked as it goes:
 * within a run each source's ids follow one another (ids are dense: rows are
 * only added, in commit order), and a run's first event of a source is at
 * most one past the highest that consumer had been given, i.e. the cursor
 * it started from skipped nothing.
 */
class Consumer {
  readonly given = new Set<string>();
  readonly high = Object.fromEntries(SOURCES.map((s) => [s, 0])) as Record<Source, number>;
  runs = 0;
  kills = 0;
  /** Killed after writing at least a line. */
  killedWithOutput = 0;
  redelivered = 0;
  readonly problems: string[] = [];
  constructor(readonly name: string) {}

  take(stdout: string): number {
    const label = `${this.name} run ${++this.runs}`;
    const lines = linesOf(stdout, this.problems, label);
    const last: Partial<Record<Source, number>> = {};
    for (const { source, id } of lines) {
      const before = last[source];
      if (before === undefined ? id > this.high[source] + 1 : id !== before + 1)
        this.problems.push(
          `${label}: ${source}:${id} after ${before === undefined ? `a cursor at most ${this.high[source]}` : `${source}:${before}`}`,
        );
      last[source] = id;
      const key = `${source}:${id}`;
      if (this.given.has(key)) this.redelivered++;
      this.given.add(key);
    }
    for (const s of SOURCES) this.high[s] = Math.max(this.high[s], last[s] ?? 0);
    return lines.length;
  }
}

describe('events tail --consumer: every source, 4 consumers, SIGKILLs', () => {
  it('the source list here is the set events tail reads, the spec declares and the schema has tables for', () => {
    const sorted = (xs: Iterable<string>) => [...xs].sort();
    expect(sorted(Object.keys(WRITE))).toEqual(sorted(SOURCES));
    const spec = parse(readFileSync(join(ROOT, 'spec/events.yaml'), 'utf8')) as {
      records: { EventEnvelope: { fields: { name: string; values?: string[] }[] } };
    };
    expect(sorted(spec.records.EventEnvelope.fields.find((f) => f.name === 'source')!.values!)).toEqual(sorted(SOURCES));
  });

  it('every *_events table of the schema is a source of the bus, but lane_events (a lane history, not on Go bus either)', async () => {
    const p = await project();
    const tables = (
      p.db().prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE '%\\_events' ESCAPE '\\'").all() as {
        name: string;
      }[]
    ).map((r) => r.name);
    expect(tables.sort()).toEqual([...SOURCES.map((s) => `${s}_events`), 'lane_events'].sort());
  });

  it(`writers of every source, ${CONSUMERS} consumers killed ${KILLS} times: each consumer gets every event, its cursor skips none`, async () => {
    const started = Date.now();
    const p = await project();
    const script = join(p.dir, 'agent.sh');
    writeFileSync(script, '#!/bin/sh\nexit 0\n');
    chmodSync(script, 0o755);
    writeFileSync(join(p.dir, 'prompt.md'), 'x\n');
    const ic: Run = (args) => icChild(args, p.dir);

    // Each writer's run, and dispatches whose agents have ended, for the writers to poll while the consumers run.
    const writers: Writer[] = [];
    for (let i = 0; i < WRITERS; i++) {
      const r = await p.ic(['run', 'create', `--goal=w${i}`, '--project=.']);
      expect(r.code, r.stderr).toBe(0);
      writers.push({ name: `w${i}`, run: r.stdout.trim(), dispatches: [] });
    }
    const pids: number[] = [];
    for (let i = 0; i < DISPATCHES; i++) {
      const w = writers[i % WRITERS]!;
      const r = p.icProcess([
        'dispatch',
        'spawn',
        '--prompt-file=prompt.md',
        `--dispatch-sh=${script}`,
        `--output=${p.dir}/out-${i}.md`,
        `--scope-id=${w.run}`,
      ]);
      expect(r.code, r.stderr).toBe(0);
      const id = r.stdout.trim();
      w.dispatches.push(id);
      pids.push((p.db().prepare('SELECT pid FROM dispatches WHERE id = ?').get(id) as { pid: number }).pid);
    }
    // The agents exit at once; their end is what a poll records. A bound far past that only stops a hung agent.
    for (let waited = 0; pids.some((pid) => isAlive(pid)) && waited < 30_000; waited += 50) await sleep(50);
    expect(pids.filter((pid) => isAlive(pid))).toEqual([]);

    // Two consumers durable (no expiry), two with the 24 h cursor.
    const consumers = Array.from({ length: CONSUMERS }, (_, i) => new Consumer(`c${i}`));
    for (const c of consumers.slice(0, 2)) expect((await p.ic(['events', 'cursor', 'register', c.name, '--durable'])).code).toBe(0);

    let kills = 0;
    let writing = WRITERS;
    let consuming = CONSUMERS;
    const writerProblems: string[] = [];
    const randoms = writers.map((_, i) => prng(290 + i));
    const rounds = writers.map(() => 0);
    const write = async (i: number, run = ic) => writerProblems.push(...(await writeRound(run, writers[i]!, rounds[i]!++, randoms[i]!)));
    // The backlog in this process (nothing runs beside it yet), the writers' turns interleaved.
    for (let round = 0; round < BACKLOG; round++) for (const i of writers.keys()) await write(i, p.ic);
    const writer = async (i: number) => {
      while (rounds[i]! < BACKLOG + MIN_ROUNDS || (kills < KILLS && consuming > 0)) await write(i);
      writing--;
    };

    // A consumer's run is killed at a random moment of its run (start-up, the read, the writing of lines, the save of the
    // cursor), or as soon as it has written something (the window where a batch is out and the cursor not saved), or spared.
    const MAX_RUNS = KILLS * 6;
    const consumer = async (c: Consumer, seed: number) => {
      const random = prng(seed);
      const recent: number[] = [];
      const typical = () => (recent.length ? [...recent].sort((a, b) => a - b)[Math.floor(recent.length / 2)]! : 250);
      while ((writing > 0 || kills < KILLS) && c.runs < MAX_RUNS) {
        const limit = LIMITS[Math.floor(random() * LIMITS.length)]!;
        const fate = random();
        const t = Date.now();
        const r = await icChild(
          [WAIT, 'events', 'tail', '--all', `--consumer=${c.name}`, `--limit=${limit}`],
          p.dir,
          fate < 0.1 ? {} : fate < 0.4 ? { onOutput: true } : { afterMs: Math.floor(typical() * (0.3 + random() * 0.9)) },
        );
        const n = c.take(r.stdout);
        if (r.killed) {
          kills++;
          c.kills++;
          if (n > 0) c.killedWithOutput++;
        } else {
          if (r.code !== 0 || r.stderr !== '') c.problems.push(`${c.name} run ${c.runs}: ${JSON.stringify(r)}`);
          recent.push(Date.now() - t);
          if (recent.length > 9) recent.shift();
        }
      }
      consuming--;
    };

    await Promise.all([...writers.map((_, i) => writer(i)), ...consumers.map((c, i) => consumer(c, 29 + i))]);
    expect(writerProblems).toEqual([]);

    // Each consumer, left alone, reads to the end.
    for (const c of consumers) {
      for (let calls = 0; ; calls++) {
        expect(calls, `${c.name} never reached the end`).toBeLessThan(10_000);
        const r = await p.ic(['events', 'tail', '--all', `--consumer=${c.name}`, '--limit=7']);
        expect(r.code, r.stderr).toBe(0);
        if (c.take(r.stdout) === 0) break;
      }
    }

    const ids = allIds(p);
    const everyEvent = SOURCES.flatMap((s) => ids[s].map((id) => `${s}:${id}`));
    for (const s of SOURCES) {
      expect(ids[s].length, `${s} events written`).toBeGreaterThanOrEqual((BACKLOG + MIN_ROUNDS) * WRITERS);
      expect(ids[s], `${s} ids dense`).toEqual(Array.from({ length: ids[s].length }, (_, i) => i + 1));
    }
    const cursors = new Map(
      (await p.ic(['events', 'cursor', 'list'])).stdout
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split('\t') as [string, string]),
    );
    const db = p.db();
    for (const [i, c] of consumers.entries()) {
      expect(c.problems, c.name).toEqual([]);
      expect(
        everyEvent.filter((e) => !c.given.has(e)),
        `${c.name}: never given`,
      ).toEqual([]);
      expect(
        [...c.given].filter((e) => !everyEvent.includes(e)),
        `${c.name}: given, not recorded`,
      ).toEqual([]);
      // The cursor stands at the end of every source; durable ones kept no expiry through every save.
      expect(JSON.parse(cursors.get(c.name)!), c.name).toEqual(Object.fromEntries(SOURCES.map((s) => [s, ids[s].length])));
      const expires = (
        db.prepare("SELECT expires_at FROM state WHERE key = 'cursor' AND scope_id = ?").get(c.name) as { expires_at: number | null }
      ).expires_at;
      if (i < 2) expect(expires, c.name).toBeNull();
      else expect(expires, c.name).toBeGreaterThan(nowS());
    }
    expect(kills).toBeGreaterThanOrEqual(KILLS);

    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    console.log(
      `event delivery, every source${STRESS ? ' (IC_STRESS)' : ''}: ${seconds} s; events ${SOURCES.map((s) => `${s} ${ids[s].length}`).join(', ')}` +
        ` (writers' rounds ${rounds.join(', ')}); consumers ${consumers
          .map(
            (c) => `${c.name}: ${c.runs} runs, ${c.kills} killed (${c.killedWithOutput} after writing lines), ${c.redelivered} redelivered`,
          )
          .join('; ')}`,
    );
  }, 1_800_000);
});

/**
 * Rows of `table` with the given created_at, copies of its newest row (a
 * unique column gets a suffix). Written straight into the file: ic stamps
 * created_at from the system clock once it holds the write lock and has no
 * clock of its own to set, and stepping the machine's clock back would need
 * root and disturb everything else on it; the rows are otherwise what the
 * real command wrote.
 */
function stepBack(p: Project, table: string, times: number[]): void {
  const db = p.db();
  const columns = (db.prepare('SELECT name FROM pragma_table_info(?)').all(table) as { name: string }[])
    .map((c) => c.name)
    .filter((c) => c !== 'id');
  const unique = new Set(
    (db.prepare('SELECT name FROM pragma_index_list(?) WHERE "unique" = 1 AND origin != \'pk\'').all(table) as { name: string }[]).flatMap(
      (i) => (db.prepare('SELECT name FROM pragma_index_info(?)').all(i.name) as { name: string }[]).map((c) => c.name),
    ),
  );
  const newest = db.prepare(`SELECT * FROM "${table}" ORDER BY id DESC LIMIT 1`).get() as Record<string, unknown>;
  const insert = db.prepare(
    `INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
  );
  for (const [i, at] of times.entries())
    insert.run(columns.map((c) => (c === 'created_at' ? at : unique.has(c) ? `${String(newest[c])}-stepped-${i}` : newest[c])));
}

/** Reads with --consumer and a batch size until an empty batch: every line, in order, and the batches' count. */
async function drain(p: Project, consumer: string, limit: number): Promise<Line[]> {
  const seen: Line[] = [];
  for (let calls = 0; calls < 1000; calls++) {
    const r = await p.ic(['events', 'tail', '--all', `--consumer=${consumer}`, `--limit=${limit}`]);
    expect(r.code, r.stderr).toBe(0);
    const problems: string[] = [];
    const batch = linesOf(r.stdout, problems, consumer);
    expect(problems).toEqual([]);
    if (!batch.length) return seen;
    expect(batch.length).toBeLessThanOrEqual(limit);
    seen.push(...batch);
  }
  throw new Error(`${consumer} never reached the end`);
}

describe('events tail --consumer: killed after its batch is out, before its cursor is saved', () => {
  it('the next run gets that batch again, batch after batch, events of every source', async () => {
    const p = await project();
    const r = await p.ic(['run', 'create', '--goal=g', '--project=.']);
    expect(r.code, r.stderr).toBe(0);
    const w: Writer = { name: 'w', run: r.stdout.trim(), dispatches: [] };
    const random = prng(7);
    for (const round of [0, 1]) expect(await writeRound(p.ic, w, round, random)).toEqual([]);
    const ids = allIds(p);
    const total = SOURCES.reduce((n, s) => n + ids[s].length, 0);
    const limit = 5;
    // A wait for the lock far past the bound below: a consumer that saved before writing would write nothing in time.
    const args = ['--timeout=10m', 'events', 'tail', '--all', '--consumer=k', `--limit=${limit}`];
    const holder = p.db();
    const given: Line[] = [];
    while (given.length < total) {
      const expected = Math.min(limit, total - given.length);
      // The write lock held here: the consumer writes its batch, then waits to save its cursor. It is killed once
      // the whole batch is out (a save before the writes would wait before any line: the bound ends the test).
      holder.exec('BEGIN IMMEDIATE');
      let out = '';
      const child = spawn(process.execPath, [BIN, ...args], { cwd: p.dir, stdio: ['ignore', 'pipe', 'pipe'] });
      const closed = new Promise<string | null>((done) => child.on('close', (_code, signal) => done(signal)));
      child.stdout.on('data', (d) => (out += d));
      try {
        for (let waited = 0; out.split('\n').length - 1 < expected && child.exitCode === null && waited < 60_000; waited += 20)
          await sleep(20);
        expect(out.split('\n').length - 1, 'lines written before the save').toBe(expected);
        child.kill('SIGKILL');
        expect(await closed).toBe('SIGKILL');
      } finally {
        child.kill('SIGKILL');
      }
      holder.exec('ROLLBACK');
      const problems: string[] = [];
      const killed = linesOf(out, problems, 'killed');
      // Free to save, the next run writes the same batch.
      const again = await icChild(args, p.dir);
      expect(again.code, again.stderr).toBe(0);
      expect(linesOf(again.stdout, problems, 'again')).toEqual(killed);
      expect(problems).toEqual([]);
      given.push(...killed);
    }
    expect((await icChild(args, p.dir)).stdout).toBe('');
    for (const s of SOURCES)
      expect(
        given.filter((e) => e.source === s).map((e) => e.id),
        s,
      ).toEqual(ids[s]);
  });
});

describe('events tail --consumer --limit: a clock stepped back in any source', () => {
  async function writeEvery(p: Project, w: Writer, rounds: number[]): Promise<void> {
    const random = prng(rounds[0]!);
    for (const round of rounds) expect(await writeRound(p.ic, w, round, random)).toEqual([]);
  }

  const stepped = (source: Source | 'every source') =>
    `a clock stepped back in ${source}: each source whole, once, in id order, for every batch size`;

  for (const source of [...SOURCES, 'every source'] as const) {
    it(stepped(source), async () => {
      const p = await project();
      const r = await p.ic(['run', 'create', '--goal=g', '--project=.']);
      expect(r.code, r.stderr).toBe(0);
      const w: Writer = { name: 'w', run: r.stdout.trim(), dispatches: [] };
      // Events of every source through the commands; then, in the source, later ids with earlier times (out of
      // order among themselves too), as a clock stepped back would stamp them; then the commands again.
      await writeEvery(p, w, [0, 1, 2]);
      const t = nowS();
      for (const [i, s] of (source === 'every source' ? SOURCES : [source]).entries())
        stepBack(p, `${s}_events`, [t - 600 - i, t - 900, t - 900, t - 700 + i, t - 3600, t - 1]);
      await writeEvery(p, w, [3, 4]);

      const ids = allIds(p);
      for (const limit of [1, 2, 3, 5, 8, 1000]) {
        const seen = await drain(p, `c${limit}`, limit);
        for (const s of SOURCES)
          expect(
            seen.filter((e) => e.source === s).map((e) => e.id),
            `${s}, --limit=${limit}`,
          ).toEqual(ids[s]);
      }
    });
  }
});
