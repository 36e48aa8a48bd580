// Shared by the run command tests: a run made through ic run create or
// inserted directly, and the rows to check after a command.
import { expect } from 'vitest';
import { type Project } from '../../helpers';

export async function newRun(p: Project, ...flags: string[]): Promise<string> {
  const r = await p.ic(['run', 'create', '--goal=ship it', ...flags]);
  expect(r).toMatchObject({ code: 0, stderr: '' });
  return r.stdout.trim();
}

export const events = (p: Project, id: string) =>
  p
    .db()
    .prepare('SELECT from_phase, to_phase, event_type, gate_result, gate_tier, reason FROM phase_events WHERE run_id = ? ORDER BY id')
    .all(id);
export const runRow = (p: Project, id: string) =>
  p
    .db()
    .prepare('SELECT status, phase, complexity, force_full, auto_advance, completed_at IS NOT NULL AS completed FROM runs WHERE id = ?')
    .get(id);

export function fixtureRun(p: Project, id: string, options: { project?: string; status?: string; created?: number } = {}) {
  p.db()
    .prepare('INSERT INTO runs (id, project_dir, goal, status, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?)')
    .run(id, options.project ?? p.dir, `goal of ${id}`, options.status ?? 'active', options.created ?? 100, options.created ?? 100);
}

export const agents = (p: Project) =>
  p.db().prepare('SELECT id, run_id, agent_type, name, status, dispatch_id FROM run_agents ORDER BY rowid').all();
