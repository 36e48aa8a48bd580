import { describe, expect, it } from 'vitest';
import { project } from '../../helpers';
import { events, reserve } from './common';

describe('coordination reserve', () => {
  it('writes the lock and an acquired event; prints its id, or Go\'s {"lock":{...}} with keys in Go\'s order', async () => {
    const p = await project();
    const r = await p.ic(['coordination', 'reserve', '--owner=a', '--scope=s', '--pattern=src/*.ts']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    const id = r.stdout.trim();
    expect(id).toMatch(/^[a-z0-9]{8}$/);
    const json = await p.ic([
      '--json',
      'coordination',
      'reserve',
      '--owner=b',
      '--scope=s',
      '--pattern=docs/**',
      '--reason=r',
      '--type=write_set',
    ]);
    const lock = (JSON.parse(json.stdout) as { lock: { id: string; created_at: number } }).lock;
    expect(json).toEqual({
      code: 0,
      stdout: `{"lock":{"id":"${lock.id}","type":"write_set","owner":"b","scope":"s","pattern":"docs/**","exclusive":true,"reason":"r","created_at":${lock.created_at}}}\n`,
      stderr: '',
    });
    const db = p.db();
    expect(
      db
        .prepare(
          'SELECT id, type, owner, scope, pattern, exclusive, reason, ttl_seconds, expires_at, released_at FROM coordination_locks ORDER BY rowid',
        )
        .all(),
    ).toEqual([
      {
        id,
        type: 'file_reservation',
        owner: 'a',
        scope: 's',
        pattern: 'src/*.ts',
        exclusive: 1,
        reason: null,
        ttl_seconds: null,
        expires_at: null,
        released_at: null,
      },
      {
        id: lock.id,
        type: 'write_set',
        owner: 'b',
        scope: 's',
        pattern: 'docs/**',
        exclusive: 1,
        reason: 'r',
        ttl_seconds: null,
        expires_at: null,
        released_at: null,
      },
    ]);
    expect(events(p)).toEqual([
      { lock_id: id, event_type: 'coordination.acquired', owner: 'a', pattern: 'src/*.ts', scope: 's', reason: null },
      { lock_id: lock.id, event_type: 'coordination.acquired', owner: 'b', pattern: 'docs/**', scope: 's', reason: 'r' },
    ]);
    const envelope = JSON.parse(
      (db.prepare('SELECT envelope_json FROM coordination_events ORDER BY id').get() as { envelope_json: string }).envelope_json,
    );
    expect(Object.keys(envelope)).toEqual([
      'policy_version',
      'caller_identity',
      'capability_scope',
      'trace_id',
      'span_id',
      'input_artifact_refs',
      'output_artifact_refs',
    ]);
    expect(envelope).toMatchObject({
      policy_version: 'coordination/v1',
      capability_scope: 'scope:s',
      trace_id: id,
      input_artifact_refs: ['src/*.ts'],
      output_artifact_refs: [id],
    });
  });

  it('a conflict is exit 1: the blocker on stderr, or {"conflict":{...}} under --json; a conflict event and no lock', async () => {
    const p = await project();
    const held = await reserve(p, 'a', 's', 'src/*.ts', '--reason=editing');
    expect(await p.ic(['coordination', 'reserve', '--owner=b', '--scope=s', '--pattern=src/main.ts'])).toEqual({
      code: 1,
      stdout: '',
      stderr: `ic: coordination reserve: conflict: a holds src/*.ts (editing), lock ${held}\n`,
    });
    expect(
      await p.ic(['--json', 'coordination', 'reserve', '--owner=b', '--scope=s', '--pattern=src/[a-m]*.ts', '--exclusive=false']),
    ).toEqual({
      code: 1,
      stdout: `{"conflict":{"blocker_id":"${held}","blocker_owner":"a","blocker_pattern":"src/*.ts","blocker_reason":"editing"}}\n`,
      stderr: '',
    });
    expect(p.db().prepare('SELECT count(*) AS n FROM coordination_locks').get()).toEqual({ n: 1 });
    expect((events(p) as { event_type: string; reason: string }[]).map((e) => [e.event_type, e.reason])).toEqual([
      ['coordination.acquired', 'editing'],
      ['coordination.conflict', 'a'],
      ['coordination.conflict', 'a'],
    ]);
  });

  it('no conflict with the same owner, another scope, other segments, shared with shared; expired locks are released first', async () => {
    const p = await project();
    await reserve(p, 'a', 's', 'src/*.ts');
    await reserve(p, 'a', 's', 'src/a.ts'); // the same owner
    await reserve(p, 'b', 't', 'src/a.ts'); // another scope
    await reserve(p, 'b', 's', 'src/x/a.ts'); // another depth
    await reserve(p, 'b', 's', 'docs/*', '--exclusive=false');
    await reserve(p, 'c', 's', 'docs/a', '--exclusive=false'); // shared with shared
    const exclusive = await p.ic(['coordination', 'reserve', '--owner=d', '--scope=s', '--pattern=docs/a']);
    expect(exclusive.code).toBe(1);
    // A lock whose TTL ran out is released by the next reserve, and holds nothing.
    const db = p.db();
    const old = await reserve(p, 'e', 's', 'lib/*', '--ttl=60');
    db.prepare('UPDATE coordination_locks SET expires_at = 1000 WHERE id = ?').run(old);
    await reserve(p, 'f', 's', 'lib/x');
    expect(db.prepare('SELECT released_at IS NOT NULL AS released FROM coordination_locks WHERE id = ?').get(old)).toEqual({ released: 1 });
    expect(db.prepare(`SELECT event_type, reason FROM coordination_events WHERE lock_id = ? ORDER BY id`).all(old)).toEqual([
      { event_type: 'coordination.acquired', reason: null },
      { event_type: 'coordination.expired', reason: 'sweep' },
    ]);
  });

  it('a TTL: ttl_seconds kept, expires_at at least that far ahead; --ttl=0 never expires', async () => {
    const p = await project();
    const before = Math.floor(Date.now() / 1000);
    const r = JSON.parse(
      (await p.ic(['--json', 'coordination', 'reserve', '--owner=a', '--scope=s', '--pattern=x', '--ttl=30'])).stdout,
    ) as {
      lock: { ttl_seconds: number; created_at: number; expires_at: number };
    };
    expect(r.lock.ttl_seconds).toBe(30);
    expect(r.lock.expires_at).toBeGreaterThanOrEqual(before + 30);
    expect(r.lock.expires_at - r.lock.created_at).toBeGreaterThanOrEqual(30);
    expect(r.lock.expires_at - r.lock.created_at).toBeLessThanOrEqual(31);
    const zero = JSON.parse(
      (await p.ic(['--json', 'coordination', 'reserve', '--owner=a', '--scope=s', '--pattern=y', '--ttl=0'])).stdout,
    ) as {
      lock: Record<string, unknown>;
    };
    expect(zero.lock).not.toHaveProperty('expires_at');
    expect(zero.lock).not.toHaveProperty('ttl_seconds');
  });

  it("a run's lock: run_id and dispatch_id kept, the event a replay input of the run when it exists", async () => {
    const p = await project();
    const run = (await p.ic(['run', 'create', '--goal=g'])).stdout.trim();
    const id = await reserve(p, 'a', 's', 'x', `--run=${run}`, '--dispatch=d1');
    await reserve(p, 'a', 's', 'y', '--run=norun');
    const db = p.db();
    expect(db.prepare('SELECT run_id, dispatch_id FROM coordination_locks ORDER BY rowid').all()).toEqual([
      { run_id: run, dispatch_id: 'd1' },
      { run_id: 'norun', dispatch_id: null },
    ]);
    const inputs = db
      .prepare(
        "SELECT run_id, kind, input_key, payload, artifact_ref, event_source, event_id FROM run_replay_inputs WHERE event_source = 'coordination'",
      )
      .all() as {
      payload: string;
      event_id: number;
    }[];
    expect(inputs).toHaveLength(1);
    expect(inputs[0]).toMatchObject({ run_id: run, kind: 'external', input_key: 'coordination_transition', event_source: 'coordination' });
    expect(inputs[0]).toMatchObject({ artifact_ref: `coordination_event:${inputs[0]!.event_id}` });
    expect(JSON.parse(inputs[0]!.payload)).toMatchObject({
      event_type: 'coordination.acquired',
      lock_id: id,
      owner: 'a',
      pattern: 'x',
      scope: 's',
    });
  });

  it('refuses missing flags and bad values (exit 3), writing nothing', async () => {
    const p = await project();
    const before = JSON.stringify(p.db().prepare('SELECT count(*) FROM coordination_events').all());
    const refuse = async (args: string[], stderr: string) =>
      expect(await p.ic(['coordination', 'reserve', ...args])).toEqual({
        code: 3,
        stdout: '',
        stderr: `ic: coordination reserve: ${stderr}\n`,
      });
    await refuse(['--scope=s', '--pattern=x'], '--owner is required');
    await refuse(['--owner=a', '--pattern=x'], '--scope is required');
    await refuse(['--owner=a', '--scope=s'], '--pattern is required');
    await refuse(['--owner=a', '--scope=s', '--pattern=[ab'], 'invalid --pattern: a [ class is not closed');
    await refuse(['--owner=a', '--scope=s', '--pattern=a\\'], 'invalid --pattern: a \\ ends the pattern');
    await refuse(['--owner=a', '--scope=s', '--pattern=[z-a]'], 'invalid --pattern: the range z-a is reversed');
    await refuse(['--owner=a', '--scope=s', '--pattern=?*?*?*?*?*?'], 'invalid --pattern: it has 11 wildcards (at most 10)');
    await refuse(['--owner=a\nb', '--scope=s', '--pattern=x'], '--owner must be one line, without control characters');
    await refuse(
      ['--owner=a', '--scope=s', '--pattern=x', '--type=lock'],
      'invalid --type value "lock": want one of file_reservation, named_lock, write_set',
    );
    await refuse(['--owner=a', '--scope=s', '--pattern=x', '--exclusive=maybe'], 'invalid --exclusive value "maybe": want true or false');
    await refuse(['--owner=a', '--scope=s', '--pattern=x', '--ttl=-1'], 'invalid --ttl (seconds, 0 to 2147483647): -1');
    expect(JSON.stringify(p.db().prepare('SELECT count(*) FROM coordination_events').all())).toBe(before);
    expect(p.db().prepare('SELECT count(*) AS n FROM coordination_locks').get()).toEqual({ n: 0 });
  });
});
