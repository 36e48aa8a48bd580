// run current. Agents and artifacts are generic operations in the spec.
import { runs } from '../../generated/db/tables';
import type { RunCurrentArgs, RunCurrentData } from '../../generated/types';
import { RunStatus } from '../../generated/values';
import { type DbContext, projectDir } from '../cli/context';
import type { Db } from '../db/open';
import { constant } from '../db/store';

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
  const [run] = runs.select(
    db,
    ['id', 'goal', 'phase'],
    { project_dir: project, status: constant(RunStatus.Active) },
    { order: ['created_at desc', 'rowid desc'], limit: 1 },
  );
  return run;
}

export function current(ctx: DbContext, args: RunCurrentArgs): RunCurrentData {
  const run = currentRun(ctx.db, projectDir(ctx, args.project));
  return run ? { found: true, goal: run.goal, id: run.id, phase: run.phase } : { found: false };
}
