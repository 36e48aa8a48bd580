// Shared by the agency command tests: a spec directory of our own (one small
// spec per stage, written here), and the rows agency load writes.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { Project } from '../../helpers';
import { BUILD, OTHERS } from './specs';

export { BUILD, OTHERS };

/** A spec directory holding the five stages (or the given files). */
export function specDir(p: Project, files: Record<string, string> = { build: BUILD, ...OTHERS }, name = 'agency'): string {
  const dir = join(p.dir, name);
  mkdirSync(dir, { recursive: true });
  for (const [stage, text] of Object.entries(files)) writeFileSync(join(dir, `${stage}.yaml`), text);
  return dir;
}

/** A new run of the project; its id. */
export async function newRun(p: Project): Promise<string> {
  const r = await p.ic(['run', 'create', `--project=${p.dir}`, '--goal=agency']);
  expect(r).toMatchObject({ code: 0, stderr: '' });
  return r.stdout.trim();
}

export const actions = (p: Project, run: string) =>
  p
    .db()
    .prepare('SELECT phase, action_type, command, args, mode, priority FROM phase_actions WHERE run_id = ? ORDER BY phase, command')
    .all(run);

export const stateOf = (p: Project, run: string) =>
  p.db().prepare('SELECT key, payload, expires_at FROM state WHERE scope_id = ? ORDER BY key').all(run);
