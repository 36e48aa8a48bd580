// Coordination under concurrency and SIGKILL. Reservations are a check and a
// write in one BEGIN IMMEDIATE transaction, so:
// * of 64 processes reserving at once, exactly the ones that conflict with
//   no earlier winner win: one per group of mutually overlapping patterns,
//   every pattern that overlaps nothing, every round;
// * reserve, release, transfer and sweep killed at random moments never leave
//   a lock without its event or an event without its change, never lose a
//   lock whose reserve printed its id, and never leave two overlapping locks
//   of different owners active where either is exclusive.
// * hostile input (huge or pathological globs, names with newlines, TTLs at
//   the integer limits) is one `ic: ` line, quickly, and writes nothing.
// IC_STRESS=1 runs the full counts (10 rounds of 64; 300 kills); the default
// is one round and a short loop.
import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { CellBudget, globsOverlap, parseGlob } from '../../src/coordination/glob';
import { project } from '../helpers';
import { expectWellFormed, loops, snapshot } from './common';
import { killLoop, prng, tally, typicalMs } from './kill-loop';
import type { Invocation } from './lock-holder';

const ROUNDS = loops(1, 10);
const PER_LOOP = loops(60, 300);
const WAIT = '--timeout=60s';

interface Lock {
  id: string;
  owner: string;
  scope: string;
  pattern: string;
  exclusive: number;
  released_at: number | null;
  expires_at: number | null;
}

/** Pairs of active locks of different owners in a scope that overlap where either is exclusive: must be none. */
function doubled(db: Database.Database, now: number): string[] {
  const active = (db.prepare('SELECT * FROM coordination_locks WHERE released_at IS NULL').all() as Lock[]).filter(
    (l) => l.expires_at === null || l.expires_at > now,
  );
  const out: string[] = [];
  for (const [i, a] of active.entries()) {
    for (const b of active.slice(i + 1)) {
      if (a.scope !== b.scope || a.owner === b.owner || (!a.exclusive && !b.exclusive)) continue;
      if (globsOverlap(parseGlob(a.pattern), parseGlob(b.pattern), new CellBudget()))
        out.push(`${a.id} ${a.pattern} / ${b.id} ${b.pattern}`);
    }
  }
  return out;
}

describe('coordination races and crashes', () => {
  it('64 processes reserving at once: exactly the non-conflicting ones win, every round', async () => {
    const p = await project();
    const db = p.db();
    // 16 groups of 3 patterns that overlap each other (and nothing else), and 16 patterns that overlap nothing.
    const shapes = (g: number) => [`g${g}/*.ts`, `g${g}/a.ts`, `g${g}/[a-c].ts`];
    for (let round = 0; round < ROUNDS; round++) {
      const scope = `round${round}`;
      const invocations: Invocation[] = [];
      for (let g = 0; g < 16; g++) {
        shapes(g).forEach((pattern, k) =>
          invocations.push({ args: ['coordination', 'reserve', `--owner=o${g}-${k}`, `--scope=${scope}`, `--pattern=${pattern}`, WAIT] }),
        );
        invocations.push({ args: ['coordination', 'reserve', `--owner=solo${g}`, `--scope=${scope}`, `--pattern=solo/${g}.md`, WAIT] });
      }
      expect(invocations).toHaveLength(64);
      const outcomes = await killLoop(invocations, p.dir, { seed: round + 1, parallel: 64, typicalMs: 0, spare: 1 });
      const winners = outcomes.filter((o) => o.code === 0);
      const losers = outcomes.filter((o) => o.code === 1);
      expect(
        winners.length + losers.length,
        JSON.stringify(outcomes.filter((o) => o.code !== 0 && o.code !== 1).map((o) => o.stderr)),
      ).toBe(64);
      expect(winners).toHaveLength(32);
      for (let g = 0; g < 16; g++) {
        const mine = outcomes.filter((o) => o.inv.args.some((a) => a.startsWith(`--owner=o${g}-`)));
        const won = mine.filter((o) => o.code === 0);
        expect(won, `group ${g}`).toHaveLength(1);
        // Each loser names the winner of its group.
        for (const o of mine.filter((m) => m.code === 1)) expect(o.stderr).toContain(`lock ${won[0]!.stdout.trim()}\n`);
        expect(outcomes.find((o) => o.inv.args.includes(`--owner=solo${g}`))!.code, `solo ${g}`).toBe(0);
      }
      const rows = db.prepare('SELECT id FROM coordination_locks WHERE scope = ? ORDER BY id').all(scope) as { id: string }[];
      expect(rows.map((r) => r.id)).toEqual(winners.map((o) => o.stdout.trim()).sort());
      const counts = db
        .prepare('SELECT event_type, count(*) AS n FROM coordination_events WHERE scope = ? GROUP BY event_type ORDER BY event_type')
        .all(scope);
      expect(counts).toEqual([
        { event_type: 'coordination.acquired', n: 32 },
        { event_type: 'coordination.conflict', n: 32 },
      ]);
      expect(doubled(db, Math.floor(Date.now() / 1000))).toEqual([]);
    }
  });

  it('reserve, release, transfer and sweep SIGKILLed at random: no lost, doubled or half-recorded lock', async () => {
    const p = await project();
    const db = p.db();
    const random = prng(41);
    const owners = ['o1', 'o2', 'o3'];
    const scopes = ['s1', 's2'];
    const patterns = ['src/*.ts', 'src/a.ts', 'src/[a-m]*', 'docs/*', 'docs/x.md', 'lib/?'];
    const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
    const invocations: Invocation[] = Array.from({ length: PER_LOOP }, () => {
      const r = random();
      const scope = `--scope=${pick(scopes)}`;
      if (r < 0.55) {
        const extra = [random() < 0.3 ? '--exclusive=false' : '--exclusive=true', ...(random() < 0.2 ? ['--ttl=1'] : [])];
        return { args: ['coordination', 'reserve', `--owner=${pick(owners)}`, scope, `--pattern=${pick(patterns)}`, ...extra, WAIT] };
      }
      if (r < 0.75) return { args: ['coordination', 'release', `--owner=${pick(owners)}`, scope, WAIT] };
      if (r < 0.9) return { args: ['coordination', 'transfer', `--from=${pick(owners)}`, `--to=${pick(owners)}`, scope, WAIT] };
      return { args: ['coordination', 'sweep', WAIT] };
    });
    const typical = await typicalMs({ args: ['coordination', 'list', '--scope=none'] }, p.dir);
    const outcomes = await killLoop(invocations, p.dir, { seed: 43, parallel: 4, typicalMs: typical });
    tally('crash: coordination', outcomes);

    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    for (const o of outcomes) {
      if (o.killed) continue;
      expect([0, 1], `${o.inv.args.join(' ')}: ${o.stderr}`).toContain(o.code);
      // Not lost: a reserve that printed its id has its lock.
      if (o.inv.args[1] === 'reserve' && o.code === 0) {
        expect(db.prepare('SELECT count(*) FROM coordination_locks WHERE id = ?').pluck().get(o.stdout.trim())).toBe(1);
      }
    }
    const locks = db.prepare('SELECT * FROM coordination_locks').all() as Lock[];
    const eventsOf = db.prepare('SELECT event_type, owner, reason FROM coordination_events WHERE lock_id = ? ORDER BY id');
    for (const lock of locks) {
      const events = eventsOf.all(lock.id) as { event_type: string; owner: string; reason: string | null }[];
      // One acquired event, first; a released lock has exactly one release (released or expired), last; none otherwise.
      expect(events[0]?.event_type, lock.id).toBe('coordination.acquired');
      expect(events.filter((e) => e.event_type === 'coordination.acquired')).toHaveLength(1);
      const ends = events.filter((e) => e.event_type === 'coordination.released' || e.event_type === 'coordination.expired');
      expect(ends, lock.id).toHaveLength(lock.released_at === null ? 0 : 1);
      if (ends.length) expect(events[events.length - 1], lock.id).toBe(ends[0]);
      // Its owner is where its transfers led.
      let owner = events[0]!.owner;
      for (const e of events.filter((x) => x.event_type === 'coordination.transferred')) {
        expect(e.owner).toBe(owner);
        owner = e.reason!.replace('transferred to ', '');
      }
      expect(lock.owner, lock.id).toBe(owner);
    }
    // No event of a lock that does not exist (a conflict names a lock never written).
    expect(
      db
        .prepare(
          "SELECT count(*) FROM coordination_events WHERE event_type != 'coordination.conflict' AND lock_id NOT IN (SELECT id FROM coordination_locks)",
        )
        .pluck()
        .get(),
    ).toBe(0);
    expect(doubled(db, Math.floor(Date.now() / 1000))).toEqual([]);
  });

  it('hostile input: huge and pathological globs, names with newlines, TTLs at the integer limits: one line, nothing written', async () => {
    const p = await project();
    const db = p.db();
    // A lock with a pattern far past the limits (as another writer could leave one): comparing against it stays bounded.
    const evil = '*a'.repeat(511);
    db.prepare(
      "INSERT INTO coordination_locks (id, type, owner, scope, pattern, exclusive, created_at) VALUES ('evil0001', 'file_reservation', 'evil', 'h', ?, 1, 0)",
    ).run(evil);
    const reserve = (...flags: string[]) => ['coordination', 'reserve', ...flags];
    const base = ['--owner=a', '--scope=h'];
    const refused: [string[], RegExp][] = [
      [reserve(...base, `--pattern=${'a'.repeat(100_000)}`), /--pattern is 100000 bytes long; at most 1024\n$/],
      [reserve(...base, `--pattern=${'*'.repeat(1000)}`), /invalid --pattern: it has 1000 wildcards \(at most 10\)\n$/],
      [reserve(...base, `--pattern=${'*[a-z]'.repeat(100)}`), /invalid --pattern/],
      [reserve(...base, `--pattern=${'**/'.repeat(300)}x`), /invalid --pattern/],
      [reserve(...base, `--pattern=${'['.repeat(500)}`), /invalid --pattern/],
      [['coordination', 'check', '--scope=h', `--pattern=${'?*'.repeat(500)}`], /invalid --pattern/],
      [reserve('--owner=a\nb', '--scope=h', '--pattern=x'), /--owner must be one line/],
      [reserve('--owner=a', '--scope=h\n', '--pattern=x'), /--scope must be one line/],
      [reserve(...base, '--pattern=x\ny'), /--pattern must be one line/],
      [reserve(...base, '--pattern=x', '--reason=contract:\nv1'), /.+/],
      [['coordination', 'transfer', '--from=a', '--to=b\nc', '--scope=h'], /.+/],
      [['coordination', 'release', '--owner=a\n', '--scope=h'], /.+/],
      [['lane', 'create', '--name=a\nb'], /--name must be one line/],
      [['lane', 'sync', 'x', '--bead-ids=a,b\nc'], /must be one line/],
      ...[
        '2147483648',
        '4294967296',
        '9223372036854775807',
        '9223372036854775808',
        '-9223372036854775808',
        '-1',
        '1e3',
        '0x10',
        ' 5',
        '5s',
      ].map((t): [string[], RegExp] => [reserve(...base, '--pattern=x', `--ttl=${t}`), /invalid --ttl \(seconds, 0 to 2147483647\)/]),
      [['coordination', 'sweep', '--older-than=9223372036854775807s'], /invalid --older-than/],
      [['lane', 'velocity', '--days=9223372036854775807'], /invalid --days/],
    ];
    const before = snapshot(db);
    for (const [args, message] of refused) {
      const r = await p.ic(args);
      const label = args.join(' ').slice(0, 120);
      expect(r.code, label).toBe(3);
      expectWellFormed(r, label);
      expect(r.stderr, label).toMatch(message);
      expect(snapshot(db), label).toBe(before);
    }
    // Patterns at the limits are accepted, and the comparison with the evil lock ends (a conflict: both match "aa…a").
    const tenStars = '*a'.repeat(10);
    const conflict = await p.ic(reserve('--owner=b', '--scope=h', `--pattern=${tenStars}`));
    expect(conflict.code).toBe(1);
    expect(conflict.stderr).toMatch(/lock evil0001\n$/);
    const ok = await p.ic(reserve('--owner=b', '--scope=h2', `--pattern=${tenStars}${'a'.repeat(1024 - 21)}b`));
    expect(ok.code, ok.stderr).toBe(0);
    // The largest TTL is kept as given; expires_at at least that far ahead.
    const max = await p.ic(['--json', ...reserve('--owner=c', '--scope=h3', '--pattern=y', '--ttl=2147483647')]);
    expect(max.code, max.stderr).toBe(0);
    const row = db.prepare('SELECT ttl_seconds, expires_at - created_at AS span FROM coordination_locks WHERE owner = ?').get('c') as {
      ttl_seconds: number;
      span: number;
    };
    expect(row.ttl_seconds).toBe(2147483647);
    expect([2147483647, 2147483648]).toContain(row.span); // at least that far ahead (created_at whole seconds)
  });
});
