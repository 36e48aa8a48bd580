// Contention: a process holding the write lock makes other writers wait up to
// their busy timeout; past it they exit 2 saying the database is busy and
// naming --timeout, within it they succeed. Many writers at once under the
// default timeout never see exit 2.
import { describe, expect, it } from 'vitest';
import { project, runIcConcurrently } from '../helpers';
import { expectWellFormed, snapshot } from './common';
import { holdWriteLock, icChild, runAll, type Invocation } from './lock-holder';

const WRITERS: Invocation[] = [
  { args: ['state', 'set', 'k', 'w1'], stdin: '{"a":1}' },
  { args: ['state', 'delete', 'k', 's'] },
  { args: ['state', 'prune'] },
  { args: ['sentinel', 'check', 'n', 'w', '--interval=0'] },
  { args: ['sentinel', 'reset', 'n', 's'] },
  { args: ['sentinel', 'prune', '--older-than=1s'] },
  { args: ['dispatch', 'prune', '--older-than=1s'] },
  { args: ['init'] },
];

describe('a process holds the write lock', () => {
  it('writers with a short --timeout exit 2: database is busy, raise --timeout; nothing written', async () => {
    const p = await project();
    await p.ic(['state', 'set', 'k', 's'], { stdin: '{"keep":true}' });
    await p.ic(['sentinel', 'check', 'n', 's', '--interval=0']);
    const before = snapshot(p.db());
    const holder = await holdWriteLock(p.dbPath);
    try {
      for (const w of WRITERS) {
        const r = await icChild({ ...w, args: ['--timeout=200ms', ...w.args] }, p.dir).done;
        expectWellFormed(r, w.args.join(' '));
        expect(r.code, r.stderr).toBe(2);
        expect(r.stderr).toMatch(/^ic: [a-z ]+: database is busy: .*--timeout/);
        expect(r.stderr).toContain('(200ms)');
      }
      // Readers are not blocked by a writer in WAL mode.
      expect(p.icProcess(['--timeout=200ms', 'state', 'get', 'k', 's'])).toEqual({ code: 0, stdout: '{"keep":true}\n', stderr: '' });
    } finally {
      await holder.release();
    }
    expect(snapshot(p.db())).toBe(before);
  });

  it('writers with a timeout longer than the hold wait and succeed', async () => {
    const p = await project();
    const holder = await holdWriteLock(p.dbPath);
    const started = WRITERS.map((w) => icChild({ ...w, args: ['--timeout=60s', ...w.args] }, p.dir));
    // The writers are waiting on the lock now (or will be); let the holder go.
    await new Promise((r) => setTimeout(r, 300));
    await holder.release();
    const results = await Promise.all(started.map((s) => s.done));
    results.forEach((r, i) => {
      expectWellFormed(r, WRITERS[i]!.args.join(' '));
      expect(r.code, `${WRITERS[i]!.args.join(' ')}: ${r.stderr}`).toBe(0);
    });
    expect(p.db().prepare("SELECT payload FROM state WHERE key = 'k' AND scope_id = 'w1'").pluck().get()).toBe('{"a":1}');
    expect(p.db().prepare("SELECT count(*) FROM state WHERE key = 'holder'").pluck().get()).toBe(0);
  });
});

describe('stdin from a parent with a non-blocking pipe', () => {
  it('state set waits for a payload that arrives late (was: I/O error: EAGAIN, exit 2)', async () => {
    const p = await project();
    const r = await icChild({ args: ['state', 'set', 'late', 's'], stdin: '{"late":true}', stdinDelayMs: 300 }, p.dir).done;
    expect(r).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(p.icProcess(['state', 'get', 'late', 's'])).toEqual({ code: 0, stdout: '{"late":true}\n', stderr: '' });
  });
});

describe('64 mixed concurrent writers, default timeout', () => {
  it('no exit 2; every write is there; exactly one sentinel claim allowed', async () => {
    const p = await project();
    p.db().exec(
      "INSERT INTO runs (id, project_dir, goal) VALUES ('run00001', '/p', 'g'); INSERT INTO run_agents (id, run_id) VALUES ('agent001', 'run00001')",
    );
    // Every fourth slot cycles through the other writers.
    const others: Invocation[] = [
      { args: ['state', 'prune'] },
      { args: ['state', 'set', 'shared', 'x', '--ttl=1h'], stdin: '{"shared":true}' },
      { args: ['run', 'agent', 'add', 'run00001', '--name=many'] },
      { args: ['run', 'artifact', 'add', 'run00001', '--phase=planned', '--path=plan.md'] },
      { args: ['run', 'agent', 'update', 'agent001', '--status=completed'] },
      { args: ['state', 'delete', 'doc', 'nothing'] },
      { args: ['sentinel', 'reset', 'nothing', 'x'] },
      { args: ['dispatch', 'prune', '--older-than=1h'] },
    ];
    const mix: Invocation[] = [];
    for (let i = 0; i < 64; i++) {
      switch (i % 4) {
        case 0:
          mix.push({ args: ['state', 'set', 'doc', `s${i}`], stdin: JSON.stringify({ i }) });
          break;
        case 1:
          mix.push({ args: ['sentinel', 'check', 'race', 'one', '--interval=0'] });
          break;
        case 2:
          mix.push({ args: ['sentinel', 'check', 'own', `s${i}`, '--interval=60'] });
          break;
        default:
          mix.push(others[(i >> 2) % others.length]!);
      }
    }
    const results = await runAll(mix, p.dir);
    console.log(
      `contention: ${mix.length} concurrent writers, exit codes ${JSON.stringify(results.reduce<Record<number, number>>((n, r) => ((n[r.code] = (n[r.code] ?? 0) + 1), n), {}))}`,
    );
    results.forEach((r, i) => {
      expectWellFormed(r, mix[i]!.args.join(' '));
      expect(r.code, `${mix[i]!.args.join(' ')}: ${r.stderr}`).toBeLessThan(2);
    });
    const race = results.filter((_, i) => i % 4 === 1);
    expect(race.filter((r) => r.code === 0 && r.stdout === 'allowed\n')).toHaveLength(1);
    expect(race.filter((r) => r.code === 1 && r.stdout === 'throttled\n')).toHaveLength(15);
    results.filter((_, i) => i % 4 === 2).forEach((r) => expect(r).toEqual({ code: 0, stdout: 'allowed\n', stderr: '' }));
    const db = p.db();
    for (let i = 0; i < 64; i += 4)
      expect(db.prepare("SELECT payload FROM state WHERE key = 'doc' AND scope_id = ?").pluck().get(`s${i}`)).toBe(JSON.stringify({ i }));
    expect(db.prepare("SELECT count(*) FROM sentinels WHERE name = 'own'").pluck().get()).toBe(16);
    expect(db.prepare("SELECT count(*) FROM state WHERE key = 'shared'").pluck().get()).toBe(1);
    expect(db.prepare("SELECT count(*) FROM run_agents WHERE name = 'many'").pluck().get()).toBe(2);
    expect(db.prepare('SELECT count(*) FROM run_artifacts').pluck().get()).toBe(2);
    expect(db.prepare("SELECT status FROM run_agents WHERE id = 'agent001'").pluck().get()).toBe('completed');
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});

describe('phase actions under contention', () => {
  it('16 adds of one (run, phase, command) at once: one row, one exit 0, the others exit 1; advances with actions stay whole', async () => {
    const p = await project();
    const run = (
      await p.ic(['run', 'create', '--goal=g', '--actions={"brainstorm-reviewed":{"command":"/review","mode":"interactive"}}'])
    ).stdout.trim();
    // --timeout=1m: waiting for the lock is not what is tested here.
    const adds = await runIcConcurrently(
      16,
      ['--timeout=1m', 'run', 'action', 'add', run, '--phase=strategized', '--command=/plan', '--args=["x"]'],
      p.dir,
    );
    expect(adds.map((r) => r.code).sort()).toEqual([0, ...Array<number>(15).fill(1)]);
    for (const r of adds) expectWellFormed(r, 'run action add');
    expect(p.db().prepare("SELECT count(*) FROM phase_actions WHERE run_id = ? AND command = '/plan'").pluck().get(run)).toBe(1);
    const advances = await runIcConcurrently(8, ['--timeout=1m', '--json', 'run', 'advance', run, '--priority=4'], p.dir);
    const moved = advances.filter((r) => r.code === 0).map((r) => JSON.parse(r.stdout) as { from_phase: string; to_phase: string });
    // Each exit-0 advance is one step, none taken twice, and the events say the same.
    expect(new Set(moved.map((m) => m.from_phase)).size).toBe(moved.length);
    expect(p.db().prepare("SELECT count(*) FROM phase_events WHERE run_id = ? AND event_type = 'advance'").pluck().get(run)).toBe(
      moved.length,
    );
  });
});
