// run current and run artifact add. Agents and listing artifacts are generic
// operations in the spec.
import { resolve } from 'node:path';
import { currentRun as currentRunQuery, insertArtifact } from '../../generated/db/queries/run';
import type { RunArtifactAddArgs, RunArtifactAddData, RunCurrentArgs, RunCurrentData } from '../../generated/types';
import { type DbContext, projectDir } from '../cli/context';
import type { Db } from '../db/open';
import { refusal } from '../phase/refusals';
import { sha256File } from './hash';

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
  return currentRunQuery(db, { project_dir: project });
}

export function current(ctx: DbContext, args: RunCurrentArgs): RunCurrentData {
  const run = currentRun(ctx.db, projectDir(ctx, args.project));
  return run ? { found: true, goal: run.goal, id: run.id, phase: run.phase } : { found: false };
}

/**
 * Records an artifact, with the SHA-256 of the file's content when --path
 * names a regular file ic can read now (relative to the working directory);
 * the content itself is never stored.
 */
export function addArtifact(ctx: DbContext, args: RunArtifactAddArgs): RunArtifactAddData {
  const content_hash = sha256File(resolve(ctx.cwd, args.path)) ?? null;
  const values = { run_id: args.run_id, phase: args.phase, path: args.path, type: args.type, dispatch_id: args.dispatch, content_hash };
  try {
    return insertArtifact(ctx.db, { ...values, created_at: ctx.now() })!;
  } catch (err) {
    if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY') throw refusal.runNotFound();
    throw err;
  }
}
