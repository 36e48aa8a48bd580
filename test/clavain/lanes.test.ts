// Clavain 023da26's lane and contract calls, argv for argv, against ic: the
// /lane skill (skills/lane/SKILL.md, SKILL-compact.md), lib-sprint.sh's lane
// intent and strategic-contradiction pause (:156, :1265-1275), lib-dispatch's
// pause check (:233), campaign.md (:86), and sprint_publish_contract /
// sprint_query_contracts (lib-sprint.sh:416-536). Each test asserts what
// Clavain reads back (stdout, parsed as its jq filter parses it, and the exit
// code) and the rows the calls leave.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { project, type IcResult } from '../helpers';

/**
 * `jq -r PATH` over stdout, as Clavain pipes it: a missing key or null is
 * undefined (`// empty`), indexing a string is jq's error (exit 5, so the
 * `|| x=""` fallback), a string prints raw.
 */
function jqRead(stdout: string, path: string[]): { ok: true; value: unknown } | { ok: false } {
  let v: unknown;
  try {
    v = JSON.parse(stdout);
  } catch {
    return { ok: false };
  }
  for (const key of path) {
    if (v === null || v === undefined) return { ok: true, value: undefined };
    if (typeof v !== 'object' || Array.isArray(v)) return { ok: false };
    v = (v as Record<string, unknown>)[key];
  }
  return { ok: true, value: v };
}

/** `jq --argjson locks "$locks" …` of sprint_query_contracts: "[]" unless both are JSON. */
function queryContracts(artifacts: string, locks: string): unknown {
  try {
    const a = JSON.parse(artifacts) as { type: string }[];
    const l = JSON.parse(locks) as { reason: string }[];
    return a.filter((x) => x.type === 'contract').map((x) => ({ ...x, locks: l.filter((k) => k.reason.startsWith('contract:')) }));
  } catch {
    return [];
  }
}

const ok = (stdout: string): IcResult => ({ code: 0, stdout, stderr: '' });

describe('Clavain /lane skill', () => {
  it('dashboard, create, sync by id and by name, status: what the skill and lib-sprint read', async () => {
    const p = await project();
    // Step 1 on an empty project: both JSON lists empty ("suggest /clavain:lane discover").
    expect(await p.ic(['lane', 'list', '--json'])).toEqual(ok('[]\n'));
    expect(await p.ic(['lane', 'velocity', '--json'])).toEqual(ok('[]\n'));

    // Step 2/3: create prints the id the skill displays and syncs by.
    const created = await p.ic(['lane', 'create', '--name=interop', '--type=standing', '--description=Interop work']);
    expect(created).toMatchObject({ code: 0, stderr: '' });
    expect(created.stdout).toMatch(/^[a-z0-9]{8}\n$/);
    const interop = created.stdout.trim();
    const arc = (await p.ic(['lane', 'create', '--name=e7-bigend', '--type=arc', '--description=Big end'])).stdout.trim();
    expect(await p.ic(['lane', 'sync', interop, '--bead-ids=iv-a1,iv-b2'])).toEqual(ok('synced 2 members to lane interop\n'));
    // Step 4: sync by name with all the members (one dropped, one added).
    expect(await p.ic(['lane', 'sync', 'interop', '--bead-ids=iv-a1,iv-c3,iv-d4'])).toEqual(ok('synced 3 members to lane interop\n'));

    const db = p.db();
    expect(db.prepare('SELECT id, name, lane_type, status, description, intent, metadata FROM lanes ORDER BY name').all()).toEqual([
      { id: arc, name: 'e7-bigend', lane_type: 'arc', status: 'active', description: 'Big end', intent: '', metadata: '{}' },
      { id: interop, name: 'interop', lane_type: 'standing', status: 'active', description: 'Interop work', intent: '', metadata: '{}' },
    ]);
    expect(db.prepare('SELECT lane_id, bead_id FROM lane_members ORDER BY bead_id').all()).toEqual(
      ['iv-a1', 'iv-c3', 'iv-d4'].map((bead_id) => ({ lane_id: interop, bead_id })),
    );

    // Step 4's status, and lib-sprint.sh:156's `.intent // empty` (empty: no bd set-state).
    const status = await p.ic(['lane', 'status', 'interop', '--json']);
    expect(status).toMatchObject({ code: 0, stderr: '' });
    const s = JSON.parse(status.stdout) as Record<string, unknown>;
    expect(s).toMatchObject({
      id: interop,
      name: 'interop',
      lane_type: 'standing',
      status: 'active',
      description: 'Interop work',
      intent: '',
      metadata: '{}',
      member_count: 3,
      members: ['iv-a1', 'iv-c3', 'iv-d4'],
    });
    expect(jqRead(status.stdout, ['intent'])).toEqual({ ok: true, value: '' });

    // Step 1's dashboard columns: name, type; open, done, velocity, starvation.
    const list = JSON.parse((await p.ic(['lane', 'list', '--json'])).stdout) as Record<string, unknown>[];
    expect(list.map((l) => [l.name, l.lane_type, l.status, l.id])).toEqual([
      ['e7-bigend', 'arc', 'active', arc],
      ['interop', 'standing', 'active', interop],
    ]);
    const velocity = JSON.parse((await p.ic(['lane', 'velocity', '--json'])).stdout) as Record<string, unknown>[];
    expect(velocity.map((v) => Object.keys(v).sort())).toEqual([
      ['closed', 'lane_id', 'name', 'open_beads', 'starvation', 'throughput'],
      ['closed', 'lane_id', 'name', 'open_beads', 'starvation', 'throughput'],
    ]);
    expect(velocity.find((v) => v.name === 'interop')).toMatchObject({ lane_id: interop, open_beads: 3 });
    expect(velocity.find((v) => v.name === 'e7-bigend')).toMatchObject({ lane_id: arc, open_beads: 0, starvation: 0 });
  });

  it("metadata is a JSON string, as Go prints it: the pause checks read nothing, the pause write is exit 3 and Clavain's fallback runs", async () => {
    const p = await project();
    await p.ic(['lane', 'create', '--name=kernel', '--type=standing']);
    // Another writer paused it (Clavain itself cannot: see below).
    p.db().prepare('UPDATE lanes SET metadata = ?').run('{"paused":"true","pause_reason":"r","pause_bead":"iv-x"}');
    const status = await p.ic(['lane', 'status', 'kernel', '--json']);
    expect(status.code).toBe(0);
    expect(JSON.parse(status.stdout).metadata).toBe('{"paused":"true","pause_reason":"r","pause_bead":"iv-x"}');
    // lib-dispatch.sh:233 `.metadata.paused // empty`, SKILL.md step 5, campaign.md `.metadata.strategic_intent`:
    // jq cannot index a string (exit 5), so the `|| x=""` fallback: never paused, no intent.
    expect(jqRead(status.stdout, ['metadata', 'paused'])).toEqual({ ok: false });
    expect(jqRead(status.stdout, ['metadata', 'strategic_intent'])).toEqual({ ok: false });
    // lib-sprint.sh:1265 `.metadata // "{}"` prints the string raw: Clavain merges into that object.
    expect(jqRead(status.stdout, ['metadata'])).toEqual({ ok: true, value: '{"paused":"true","pause_reason":"r","pause_bead":"iv-x"}' });

    // lib-sprint.sh:1275 and SKILL.md step 5: exit 3 (Go: --name is required), nothing written.
    const before = p.db().prepare('SELECT * FROM lanes').all();
    const eventsBefore = p.db().prepare('SELECT count(*) FROM lane_events').pluck().get();
    const update = await p.ic([
      'lane',
      'update',
      'kernel',
      '--metadata={"paused":"true","pause_reason":"x","pause_bead":"iv-y","pause_ts":"1"}',
    ]);
    expect(update.code).toBe(3);
    expect(update.stdout).toBe('');
    expect(update.stderr).toMatch(/^ic: lane update: [^\n]+\n$/);
    expect(p.db().prepare('SELECT * FROM lanes').all()).toEqual(before);
    expect(p.db().prepare('SELECT count(*) FROM lane_events').pluck().get()).toBe(eventsBefore);
  });

  it('status of an unknown lane: exit 2, nothing on stdout (every caller falls back to "")', async () => {
    const p = await project();
    expect(await p.ic(['lane', 'status', 'nosuch', '--json'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ic: lane status: lane not found: nosuch\n',
    });
  });
});

describe('lib-sprint contracts', () => {
  it('sprint_publish_contract: a contract artifact and a shared write_set per pattern; a second publisher shares them', async () => {
    const p = await project();
    const run = (await p.ic(['run', 'create', `--project=${p.dir}`, '--goal=parser'])).stdout.trim();
    expect(await p.ic(['run', 'phase', run])).toEqual(ok('brainstorm\n'));
    const contract = join(p.dir, 'contract.json');
    writeFileSync(contract, JSON.stringify({ name: 'ast-interface', version: 2, patterns: ['src/ast/*.py', 'src/ast/types.ts'] }));

    // sprint_set_artifact → intercore_run_artifact_add (stdout dropped, rc ignored).
    const art = await p.ic(['run', 'artifact', 'add', run, '--phase=brainstorm', `--path=${contract}`, '--type=contract']);
    expect(art).toMatchObject({ code: 0, stderr: '' });
    expect(art.stdout).toMatch(/^[a-z0-9]{8}\n$/);

    const reserveAs = (owner: string, pattern: string) =>
      p.ic([
        'coordination',
        'reserve',
        `--owner=${owner}`,
        '--scope=proj',
        `--pattern=${pattern}`,
        '--type=write_set',
        '--reason=contract:ast-interface:v2',
        '--exclusive=false',
      ]);
    const ids: string[] = [];
    for (const owner of ['sess-1', 'sess-2'])
      for (const pattern of ['src/ast/*.py', 'src/ast/types.ts']) {
        const r = await reserveAs(owner, pattern);
        expect(r, `${owner} ${pattern}`).toMatchObject({ code: 0, stderr: '' });
        expect(r.stdout).toMatch(/^[a-z0-9]{8}\n$/);
        ids.push(r.stdout.trim());
      }

    const db = p.db();
    expect(db.prepare('SELECT id, run_id, phase, path, type FROM run_artifacts').all()).toEqual([
      { id: art.stdout.trim(), run_id: run, phase: 'brainstorm', path: contract, type: 'contract' },
    ]);
    expect(
      db
        .prepare(
          'SELECT id, type, owner, scope, pattern, exclusive, reason, ttl_seconds, expires_at, released_at FROM coordination_locks ORDER BY rowid',
        )
        .all(),
    ).toEqual(
      ids.map((id, i) => ({
        id,
        type: 'write_set',
        owner: i < 2 ? 'sess-1' : 'sess-2',
        scope: 'proj',
        pattern: i % 2 ? 'src/ast/types.ts' : 'src/ast/*.py',
        exclusive: 0,
        reason: 'contract:ast-interface:v2',
        ttl_seconds: null,
        expires_at: null,
        released_at: null,
      })),
    );
    expect(db.prepare('SELECT lock_id, event_type FROM coordination_events ORDER BY id').all()).toEqual(
      ids.map((lock_id) => ({ lock_id, event_type: 'coordination.acquired' })),
    );

    // An exclusive lock of another owner overlapping: exit 1 (Clavain's `|| true`), a conflict event, no lock.
    await p.ic(['coordination', 'reserve', '--owner=editor', '--scope=other', '--pattern=src/ast/types.ts']);
    const scoped = await p.ic([
      'coordination',
      'reserve',
      '--owner=sess-1',
      '--scope=other',
      '--pattern=src/ast/*.ts',
      '--type=write_set',
      '--reason=contract:ast-interface:v2',
      '--exclusive=false',
    ]);
    expect(scoped.code).toBe(1);
    expect(scoped.stdout).toBe('');
    expect(db.prepare("SELECT count(*) FROM coordination_locks WHERE scope = 'other'").pluck().get()).toBe(1);
    expect(db.prepare("SELECT event_type FROM coordination_events WHERE scope = 'other' ORDER BY id").pluck().all()).toEqual([
      'coordination.acquired',
      'coordination.conflict',
    ]);
  });

  it("sprint_query_contracts: both calls are text (Go's TSV), so Clavain's jq --argjson fails and it prints []", async () => {
    const p = await project();
    const run = (await p.ic(['run', 'create', `--project=${p.dir}`, '--goal=parser'])).stdout.trim();
    const art = (await p.ic(['run', 'artifact', 'add', run, '--phase=brainstorm', '--path=c.json', '--type=contract'])).stdout.trim();
    const lock = (
      await p.ic([
        'coordination',
        'reserve',
        '--owner=sess-1',
        '--scope=proj',
        '--pattern=src/ast/*.py',
        '--type=write_set',
        '--reason=contract:ast-interface:v1',
        '--exclusive=false',
      ])
    ).stdout.trim();

    const artifacts = await p.ic(['run', 'artifact', 'list', run]);
    expect(artifacts).toEqual(ok(`${art}\tbrainstorm\tcontract\tc.json\n`));
    const locks = await p.ic(['coordination', 'list', '--scope=proj', '--type=write_set', '--active']);
    expect(locks).toMatchObject({ code: 0, stderr: '' });
    const fields = locks.stdout.replace(/\n$/, '').split('\t');
    expect(fields.slice(0, 5)).toEqual([lock, 'write_set', 'sess-1', 'src/ast/*.py', 'active']);
    expect(fields[5]).toMatch(/^[0-9hms]+$/);
    expect(locks.stdout.split('\n')).toHaveLength(2);
    expect(queryContracts(artifacts.stdout, locks.stdout)).toEqual([]);

    // Another scope, or once released: no active locks, empty stdout; jq still fails.
    expect(await p.ic(['coordination', 'list', '--scope=elsewhere', '--type=write_set', '--active'])).toEqual(ok(''));
    expect(await p.ic(['coordination', 'release', lock])).toMatchObject({ code: 0 });
    expect(await p.ic(['coordination', 'list', '--scope=proj', '--type=write_set', '--active'])).toEqual(ok(''));
    expect(queryContracts(artifacts.stdout, '')).toEqual([]);

    // What the filter would give with --json on both (the shape it expects).
    const lock2 = (
      await p.ic([
        'coordination',
        'reserve',
        '--owner=sess-1',
        '--scope=proj',
        '--pattern=src/ast/*.py',
        '--type=write_set',
        '--reason=contract:ast-interface:v2',
        '--exclusive=false',
      ])
    ).stdout.trim();
    const jsonArtifacts = (await p.ic(['--json', 'run', 'artifact', 'list', run])).stdout;
    const jsonLocks = (await p.ic(['--json', 'coordination', 'list', '--scope=proj', '--type=write_set', '--active'])).stdout;
    expect(queryContracts(jsonArtifacts, jsonLocks)).toMatchObject([
      { id: art, type: 'contract', path: 'c.json', locks: [{ id: lock2, reason: 'contract:ast-interface:v2', pattern: 'src/ast/*.py' }] },
    ]);
  });
});
