// The generated query functions at run time (generated/db/queries/, over
// src/db/query.ts): ids drawn, booleans stored as 0/1, value sets checked
// before SQLite sees a write, compare-and-set, foreign keys enforced.
import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { updateDispatch, insertDispatch, getDispatch } from '../../generated/db/queries/dispatch';
import { cancelRun, getRun, insertPhaseEvent, insertRun, moveRun, setRunSettings } from '../../generated/db/queries/run';
import { runAgentAdd } from '../../generated/db/queries/run';
import { addStateIfMissing, getState, putState } from '../../generated/db/queries/state';
import { DISPATCH_VIEW, RUN_VIEW } from '../../generated/entities/views';
import { entityJson } from '../../src/cli/output';
import { project } from '../helpers';

async function db(): Promise<Database.Database> {
  const p = await project();
  const d = new Database(join(p.dir, '.clavain/intercore.db'));
  d.pragma('foreign_keys = ON');
  return d;
}

const newRun = (d: Database.Database, now = 1234) =>
  insertRun(d, { project_dir: '/p', goal: 'g', phase: 'brainstorm', complexity: 3, auto_advance: true, budget_warn_pct: 80, now })!;

describe('generated query functions', () => {
  it('an insert draws the id and returns the row as stored, the spec defaults filled by SQLite', async () => {
    const d = await db();
    const row = newRun(d);
    expect(row.id).toMatch(/^[a-z0-9]{8}$/);
    expect(row).toMatchObject({ status: 'active', force_full: 0, auto_advance: 1, created_at: 1234, scope_id: null, token_budget: null });
    expect(getRun(d, { id: row.id })).toEqual(row);
    expect(getRun(d, { id: 'nope' })).toBeUndefined();
  });

  it('booleans are stored as 0/1 and viewed as true/false; a null setting keeps its value', async () => {
    const d = await db();
    const run = newRun(d, 5);
    expect(
      setRunSettings(d, {
        id: run.id,
        complexity: null,
        auto_advance: false,
        force_full: true,
        max_dispatches: null,
        metadata: null,
        now: 6,
      }),
    ).toBe(1);
    const row = getRun(d, { id: run.id })!;
    expect([row.complexity, row.force_full, row.auto_advance]).toEqual([3, 1, 0]);
    expect(JSON.stringify(entityJson(row, RUN_VIEW))).toContain('"auto_advance":false');
    expect(JSON.stringify(entityJson(row, RUN_VIEW))).toContain('"force_full":true');
  });

  it('views rename columns as the entity says', async () => {
    const d = await db();
    insertDispatch(d, { id: 'd1', agent_type: 'codex', project_dir: '/p', created_at: 9 });
    const row = getDispatch(d, { id: 'd1' })!;
    updateDispatch(d, { ...row, read_status: 'spawned', input_tokens: 12, output_tokens: 34 });
    const view = entityJson(getDispatch(d, { id: 'd1' })!, DISPATCH_VIEW);
    expect(view).toMatchObject({ in_tokens: 12, out_tokens: 34 });
    expect(Object.keys(view)).not.toContain('input_tokens');
  });

  it('compare-and-set: a move naming the phase it read changes nothing once the run moved on', async () => {
    const d = await db();
    const run = newRun(d);
    expect(moveRun(d, { id: run.id, from_phase: 'brainstorm', to_phase: 'planned', now: 2 })).toBe(1);
    expect(moveRun(d, { id: run.id, from_phase: 'brainstorm', to_phase: 'executing', now: 3 })).toBe(0);
    expect(getRun(d, { id: run.id })?.phase).toBe('planned');
    expect(cancelRun(d, { id: run.id, status: 'completed', now: 4 })).toBe(0);
    expect(cancelRun(d, { id: run.id, status: 'active', now: 4 })).toBe(1);
  });

  it('a write is checked against its value set before SQLite sees it; nothing is written', async () => {
    const d = await db();
    const run = newRun(d);
    expect(() => cancelRun(d, { id: run.id, status: 'paused' as never, now: 1 })).toThrow(
      'internal error: refusing to write runs.status: "paused" is not one of active, completed, cancelled, failed',
    );
    expect(() =>
      insertPhaseEvent(d, {
        run_id: run.id,
        from_phase: 'a',
        to_phase: 'b',
        event_type: 'advance',
        gate_tier: 'medium' as never,
        created_at: 1,
      }),
    ).toThrow(/phase_events.gate_tier: "medium" is not one of hard, soft, none/);
    expect(d.prepare('SELECT count(*) AS n FROM phase_events').get()).toEqual({ n: 0 });
  });

  it('a missing parent is a real foreign-key violation', async () => {
    const d = await db();
    expect(() => runAgentAdd(d, { run_id: 'missing1', type: 'claude', now: 1 })).toThrow(
      expect.objectContaining({ code: 'SQLITE_CONSTRAINT_FOREIGNKEY' }),
    );
  });

  it('upsert replaces the payload; add-if-missing adds once', async () => {
    const d = await db();
    putState(d, { key: 'k', scope_id: 's', payload: '1', updated_at: 3, expires_at: null });
    putState(d, { key: 'k', scope_id: 's', payload: '3', updated_at: 4, expires_at: 99 });
    expect(getState(d, { key: 'k', scope_id: 's' })).toEqual({ key: 'k', scope_id: 's', payload: '3', updated_at: 4, expires_at: 99 });
    expect(addStateIfMissing(d, { key: 'f', scope_id: 's', payload: '1', updated_at: 1 })).toBe(1);
    expect(addStateIfMissing(d, { key: 'f', scope_id: 's', payload: '2', updated_at: 2 })).toBe(0);
    expect(getState(d, { key: 'f', scope_id: 's' })?.payload).toBe('1');
  });
});
