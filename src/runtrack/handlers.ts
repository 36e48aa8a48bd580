// run current and run artifact add. Agents and listing artifacts are generic
// operations in the spec.
import { resolve, sep } from 'node:path';
import { activeRunProjects, currentRun as currentRunQuery, insertArtifact } from '../../generated/db/queries/run';
import type { RunArtifactAddArgs, RunArtifactAddData, RunCurrentArgs, RunCurrentData } from '../../generated/types';
import { type DbContext, projectDir } from '../cli/context';
import type { Db } from '../db/open';
import { displayPath } from '../db/path';
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
  const project = projectDir(ctx, args.project);
  const run = currentRun(ctx.db, project);
  if (run) return { found: true, goal: run.goal, id: run.id, phase: run.phase };
  // Exit 1 in silence, as Go; a person at a terminal is told why (the project is the working directory, not where the database is).
  if (ctx.display.stderr) ctx.stderr(`ic: run current: ${noActiveRun(ctx, project)}`);
  return { found: false };
}

/** Why run current found nothing, and where active runs are: an enclosing project first. */
function noActiveRun(ctx: DbContext, project: string): string {
  const shown = (dir: string) => displayPath(dir, ctx.cwd);
  const projects = activeRunProjects(ctx.db).map((r) => r.project_dir);
  const head = `no active run for ${project}`;
  if (projects.length === 0) return `${head}; the database (${ctx.dbShown}) has none: ic run create starts one`;
  const enclosing = projects.filter((dir) => project.startsWith(dir.endsWith(sep) ? dir : dir + sep)).sort((a, b) => b.length - a.length);
  if (enclosing.length) return `${head}; runs are active for ${enclosing[0]}: use --project=${shown(enclosing[0]!)}`;
  const some = projects.slice(0, 3).join(', ') + (projects.length > 3 ? ', ...' : '');
  return `${head}; runs are active for ${some}: use --project=<dir>`;
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
