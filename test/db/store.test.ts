// The store runtime (src/db/store.ts) over the generated table descriptors:
// the one path every statement takes.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dispatches, phaseEvents, runAgents, runs, state } from '../../generated/db/tables';
import { Run, RunsRow } from '../../generated/entities';
import { DISPATCH_VIEW, RUN_VIEW } from '../../generated/entities/views';
import { entityJson } from '../../src/cli/output';
import { constant, ifSet, lt, nullOrGt, when } from '../../src/db/store';
import { project } from '../helpers';

async function db(): Promise<Database.Database> {
  const p = await project();
  const d = new Database(join(p.dir, '.clavain/intercore.db'));
  d.pragma('foreign_keys = ON');
  return d;
}

describe('the store', () => {
  it('insert fills defaults, a generated id and now; get returns the row', async () => {
    const d = await db();
    const row = runs.insert(d, { project_dir: '/p', goal: 'g' }, 1234);
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
      phases: null,
      token_budget: null,
      budget_warn_pct: 80,
      parent_run_id: null,
      max_dispatches: 0,
      budget_enforce: 0,
      max_agents: 0,
      gate_rules: null,
      goal_id: null,
    });
    expect(runs.get(d, { id: row.id })).toEqual(row);
    expect(runs.get(d, { id: 'nope' })).toBeUndefined();
    expect(RunsRow(row)).toBe(true);
  });

  it('booleans are stored as 0/1 and viewed as true/false; null columns are left out of views', async () => {
    const d = await db();
    const row = runs.insert(d, { project_dir: '/p', goal: 'g', force_full: true, auto_advance: false }, 5);
    expect([row.force_full, row.auto_advance]).toEqual([1, 0]);
    const view = entityJson(row, RUN_VIEW);
    expect(JSON.stringify(view)).toBe(
      `{"auto_advance":false,"complexity":3,"created_at":5,"force_full":true,"goal":"g","id":"${row.id}","phase":"brainstorm","project_dir":"/p","status":"active","updated_at":5}`,
    );
    expect(Run(view)).toBe(true);
    expect(Run({ ...view, force_full: 1 })).toBe(false);
  });

  it('views rename columns as the entity says', async () => {
    const d = await db();
    const row = dispatches.insert(d, { project_dir: '/p', input_tokens: 12, output_tokens: 34 }, 9);
    expect(entityJson(row, DISPATCH_VIEW)).toMatchObject({ in_tokens: 12, out_tokens: 34 });
    expect(Object.keys(entityJson(row, DISPATCH_VIEW))).not.toContain('input_tokens');
  });

  it('autoincrement keys come back from insert', async () => {
    const d = await db();
    const run = runs.insert(d, { project_dir: '/p', goal: 'g' }, 1);
    const a = phaseEvents.insert(d, { run_id: run.id, from_phase: 'brainstorm', to_phase: 'planned' }, 1);
    const b = phaseEvents.insert(d, { run_id: run.id, from_phase: 'planned', to_phase: 'executing', event_type: 'skip' }, 1);
    expect([a.id, b.id]).toEqual([1, 2]);
    expect(phaseEvents.list(d, { run_id: run.id }, { order: ['id'] }).map((e) => e.event_type)).toEqual(['advance', 'skip']);
  });

  it('list filters by equality, update sets columns by key, delete removes by key', async () => {
    const d = await db();
    const run = runs.insert(d, { project_dir: '/p', goal: 'g' }, 1);
    const a = runAgents.insert(d, { run_id: run.id, name: 'a' }, 1);
    runAgents.insert(d, { run_id: run.id, name: 'b', status: 'failed' }, 1);
    expect(runAgents.list(d, { run_id: run.id, status: 'active' }).map((x) => x.name)).toEqual(['a']);
    expect(runAgents.update(d, { id: a.id }, { status: 'completed', updated_at: 7 })).toBe(1);
    expect(runAgents.get(d, { id: a.id })).toMatchObject({ status: 'completed', updated_at: 7 });
    expect(runAgents.update(d, { id: 'none' }, { status: 'completed' })).toBe(0);
    expect(runAgents.delete(d, { id: a.id })).toBe(1);
    expect(runAgents.list(d, { run_id: run.id }).map((x) => x.name)).toEqual(['b']);
    expect(() => runAgents.list(d, { bogus: 1 } as never)).toThrow('refusing to write run_agents.bogus: no such column');
  });

  it('a missing parent is a real foreign-key violation', async () => {
    const d = await db();
    expect(() => runAgents.insert(d, { run_id: 'missing1' }, 1)).toThrow(expect.objectContaining({ code: 'SQLITE_CONSTRAINT_FOREIGNKEY' }));
  });

  it('composite keys; upsert replaces every other column', async () => {
    const d = await db();
    state.insert(d, { key: 'k', scope_id: 's', payload: '1' }, 3);
    expect(state.get(d, { key: 'k', scope_id: 's' })).toEqual({ key: 'k', scope_id: 's', payload: '1', updated_at: 3, expires_at: null });
    expect(state.update(d, { key: 'k', scope_id: 's' }, { payload: '2' })).toBe(1);
    state.upsert(d, { key: 'k', scope_id: 's', payload: '3', expires_at: 99 }, 4);
    expect(state.get(d, { key: 'k', scope_id: 's' })).toEqual({ key: 'k', scope_id: 's', payload: '3', updated_at: 4, expires_at: 99 });
    expect(state.delete(d, { key: 'k', scope_id: 'x' })).toBe(0);
    expect(state.delete(d, { key: 'k', scope_id: 's' })).toBe(1);
  });

  it('compare-and-set: an update naming the value it read changes nothing once the row moved on', async () => {
    const d = await db();
    const run = runs.insert(d, { project_dir: '/p', goal: 'g' }, 1);
    expect(runs.update(d, { id: run.id, phase: 'brainstorm' }, { phase: 'planned' })).toBe(1);
    expect(runs.update(d, { id: run.id, phase: 'brainstorm' }, { phase: 'executing' })).toBe(0);
    expect(runs.get(d, { id: run.id })?.phase).toBe('planned');
  });

  it('conditions: comparisons, constants (inlined), optional filters and switches', async () => {
    const d = await db();
    for (const [key, expires] of [
      ['a', null],
      ['b', 5],
      ['c', 50],
    ] as const)
      state.insert(d, { key: 'k', scope_id: key, payload: '1', expires_at: expires }, 1);
    const scopes = (where: Parameters<typeof state.list>[1]) => state.list(d, where, { order: ['scope_id'] }).map((r) => r.scope_id);
    expect(scopes({ expires_at: nullOrGt(10) })).toEqual(['a', 'c']);
    expect(scopes({ expires_at: lt(10) })).toEqual(['b']);
    expect(scopes({ scope_id: constant('a', 'c') })).toEqual(['a', 'c']);
    expect(scopes({ scope_id: ifSet(undefined as string | undefined) })).toEqual(['a', 'b', 'c']);
    expect(scopes({ scope_id: when(false, constant('a')) })).toEqual(['a', 'b', 'c']);
    expect(scopes({ scope_id: when(true, constant('a')) })).toEqual(['a']);
    expect(state.count(d, { key: 'k' }, { distinct: 'scope_id' })).toBe(3);
  });

  it('an undefined condition is an error, never "every row"', async () => {
    const d = await db();
    state.insert(d, { key: 'k', scope_id: 's', payload: '1' }, 1);
    expect(() => state.delete(d, { key: 'k', scope_id: undefined })).toThrow(/has no value/);
    expect(() => state.update(d, {}, { payload: '2' })).toThrow(/needs a WHERE clause/);
    expect(state.get(d, { key: 'k', scope_id: 's' })?.payload).toBe('1');
  });

  it('writes are checked against the column: value sets, types, NOT NULL', async () => {
    const d = await db();
    const run = runs.insert(d, { project_dir: '/p', goal: 'g' }, 1);
    expect(() => runs.update(d, { id: run.id }, { status: 'paused' as never })).toThrow(
      'internal error: refusing to write runs.status: "paused" is not one of active, completed, cancelled, failed',
    );
    expect(() => runs.insert(d, { project_dir: '/p', goal: 'g', complexity: 1.5 }, 1)).toThrow(/runs.complexity: 1.5 is not an integer/);
    expect(() => runs.insert(d, { project_dir: '/p', goal: null as never }, 1)).toThrow(/runs.goal: a value is required/);
    expect(() => phaseEvents.insert(d, { run_id: run.id, from_phase: 'a', to_phase: 'b', gate_tier: 'medium' as never }, 1)).toThrow(
      /phase_events.gate_tier: "medium" is not one of hard, soft, none/,
    );
    expect(runs.count(d)).toBe(1);
    expect(phaseEvents.count(d)).toBe(0);
  });
});
