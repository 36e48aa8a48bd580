import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DispatchesStore, PhaseEventsStore, RunAgentsStore, RunsStore, StateStore } from '../../generated/stores';
import { toDispatchView, toRunView } from '../../generated/entities/views';
import { Run, RunsRow } from '../../generated/entities';
import { project } from '../helpers';

async function db(): Promise<Database.Database> {
  const p = await project();
  const d = new Database(join(p.dir, '.clavain/intercore.db'));
  d.pragma('foreign_keys = ON');
  return d;
}

describe('generated stores', () => {
  it('insert fills defaults, a generated id and now; get returns the row', async () => {
    const d = await db();
    const runs = new RunsStore(d);
    const row = runs.insert({ project_dir: '/p', goal: 'g' }, 1234);
    expect(row.id).toMatch(/^[a-z0-9]{8}$/);
    expect(row).toEqual({
      id: row.id,
      project_dir: '/p',
      goal: 'g',
      status: 'active',
      phase: 'brainstorm',
      complexity: 3,
      force_full: 0,
      auto_advance: 1,
      created_at: 1234,
      updated_at: 1234,
      completed_at: null,
      scope_id: null,
      metadata: null,
    });
    expect(runs.get({ id: row.id })).toEqual(row);
    expect(runs.get({ id: 'nope' })).toBeUndefined();
    expect(RunsRow(row)).toBe(true);
  });

  it('booleans are stored as 0/1 and viewed as true/false; null columns are left out of views', async () => {
    const d = await db();
    const row = new RunsStore(d).insert({ project_dir: '/p', goal: 'g', force_full: true, auto_advance: false }, 5);
    expect([row.force_full, row.auto_advance]).toEqual([1, 0]);
    const view = toRunView(row);
    expect(JSON.stringify(view)).toBe(
      `{"auto_advance":false,"complexity":3,"created_at":5,"force_full":true,"goal":"g","id":"${row.id}","phase":"brainstorm","project_dir":"/p","status":"active","updated_at":5}`,
    );
    expect(Run(view)).toBe(true);
    expect(Run({ ...view, force_full: 1 })).toBe(false);
  });

  it('views rename columns as the entity says', async () => {
    const d = await db();
    const row = new DispatchesStore(d).insert({ project_dir: '/p', input_tokens: 12, output_tokens: 34 }, 9);
    expect(toDispatchView(row)).toMatchObject({ in_tokens: 12, out_tokens: 34 });
    expect(Object.keys(toDispatchView(row))).not.toContain('input_tokens');
  });

  it('autoincrement keys come back from insert', async () => {
    const d = await db();
    const run = new RunsStore(d).insert({ project_dir: '/p', goal: 'g' });
    const events = new PhaseEventsStore(d);
    const a = events.insert({ run_id: run.id, from_phase: 'brainstorm', to_phase: 'planned' });
    const b = events.insert({ run_id: run.id, from_phase: 'planned', to_phase: 'executing', event_type: 'skip' });
    expect([a.id, b.id]).toEqual([1, 2]);
    expect(events.list({ run_id: run.id }, 'id').map((e) => e.event_type)).toEqual(['advance', 'skip']);
  });

  it('list filters by equality, update sets columns by key, delete removes by key', async () => {
    const d = await db();
    const run = new RunsStore(d).insert({ project_dir: '/p', goal: 'g' });
    const agents = new RunAgentsStore(d);
    const a = agents.insert({ run_id: run.id, name: 'a' });
    agents.insert({ run_id: run.id, name: 'b', status: 'failed' });
    expect(agents.list({ run_id: run.id, status: 'active' }).map((x) => x.name)).toEqual(['a']);
    expect(agents.update({ id: a.id }, { status: 'completed', updated_at: 7 })).toBe(1);
    expect(agents.get({ id: a.id })).toMatchObject({ status: 'completed', updated_at: 7 });
    expect(agents.update({ id: 'none' }, { status: 'completed' })).toBe(0);
    expect(agents.delete({ id: a.id })).toBe(1);
    expect(agents.list({ run_id: run.id }).map((x) => x.name)).toEqual(['b']);
    expect(() => agents.list({ bogus: 1 } as never)).toThrow('run_agents has no column bogus');
  });

  it('a missing parent is a real foreign-key violation', async () => {
    const d = await db();
    expect(() => new RunAgentsStore(d).insert({ run_id: 'missing1' })).toThrow(
      expect.objectContaining({ code: 'SQLITE_CONSTRAINT_FOREIGNKEY' }),
    );
  });

  it('composite keys', async () => {
    const d = await db();
    const state = new StateStore(d);
    state.insert({ key: 'k', scope_id: 's', payload: '1' }, 3);
    expect(state.get({ key: 'k', scope_id: 's' })).toEqual({ key: 'k', scope_id: 's', payload: '1', updated_at: 3, expires_at: null });
    expect(state.update({ key: 'k', scope_id: 's' }, { payload: '2' })).toBe(1);
    expect(state.delete({ key: 'k', scope_id: 'x' })).toBe(0);
    expect(state.delete({ key: 'k', scope_id: 's' })).toBe(1);
  });
});
