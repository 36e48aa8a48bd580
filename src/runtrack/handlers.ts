// run current. Agents and artifacts are generic operations in the spec.
import type { RunCurrentArgs, RunCurrentData } from '../../generated/types';
import { type CommandContext, projectDir } from '../cli/context';
import type { Outcome } from '../cli/outcome';
import type { Db } from '../db/open';

export interface CurrentRun {
  id: string;
  goal: string;
  phase: string;
}

/**
 * The most recently created active run of a project. Several active runs per
 * project are allowed on purpose; ties on created_at go to the later insert.
 */
export function currentRun(db: Db, project: string): CurrentRun | undefined {
  return db
    .prepare("SELECT id, goal, phase FROM runs WHERE project_dir = ? AND status = 'active' ORDER BY created_at DESC, rowid DESC LIMIT 1")
    .get(project) as CurrentRun | undefined;
}

export function current(ctx: CommandContext, args: RunCurrentArgs): Outcome<RunCurrentData> {
  const run = currentRun(ctx.db, projectDir(ctx, args.project));
  if (!run) return { exit: 1, data: { found: false } };
  return { data: { found: true, goal: run.goal, id: run.id, phase: run.phase } };
}
