// scheduler submit, stats, list, pause, resume, cancel, prune; status is a
// generic get; drain is in drain.ts.
import {
  cancelSchedulerJob,
  countSchedulerJobs,
  getSchedulerJob,
  insertSchedulerJob,
  listSchedulerJobs,
  listSchedulerJobsByStatus,
  pruneSchedulerJobs,
  setSchedulerPaused,
} from '../../generated/db/queries/scheduler';
import type {
  SchedulerCancelArgs,
  SchedulerCancelData,
  SchedulerListArgs,
  SchedulerListData,
  SchedulerPruneArgs,
  SchedulerPruneData,
  SchedulerPauseArgs,
  SchedulerResumeArgs,
  SchedulerStatsArgs,
  SchedulerStatsData,
  SchedulerSubmitArgs,
  SchedulerSubmitData,
} from '../../generated/types';
import { SchedulerJobStatus, isTerminalSchedulerJobStatus } from '../../generated/values';
import type { DbContext } from '../cli/context';
import { NotFoundError } from '../cli/errors';
import { newHexId } from '../db/ids';
import { checkSpawnPaths } from '../dispatch/paths';
import { submitOptions } from './options';

export { drain } from './drain';

/** Queues a job (pending) with its spawn options as stored; returns its id. */
export function queueJob(ctx: DbContext, job: { agentType: string; sessionName?: string; priority: number; spawnOpts: string }): string {
  const id = newHexId();
  ctx.write((tx) =>
    insertSchedulerJob(tx.db, {
      id,
      priority: job.priority,
      agent_type: job.agentType,
      session_name: job.sessionName || null,
      spawn_opts: job.spawnOpts,
      created_at: tx.now,
    }),
  );
  return id;
}

export function submit(ctx: DbContext, args: SchedulerSubmitArgs): SchedulerSubmitData {
  const paths = checkSpawnPaths(ctx.cwd, { prompt_file: args.prompt_file, project: args.project });
  const id = queueJob(ctx, {
    agentType: args.type,
    sessionName: args.session,
    priority: args.priority,
    spawnOpts: submitOptions({ agentType: args.type, name: args.name, projectDir: paths.project, promptFile: paths.promptFile }),
  });
  return { id, status: SchedulerJobStatus.Pending };
}

export function stats(ctx: DbContext, _args: SchedulerStatsArgs): SchedulerStatsData {
  const counts: SchedulerStatsData = { cancelled: 0, completed: 0, failed: 0, pending: 0, running: 0 };
  for (const { status, n } of countSchedulerJobs(ctx.db)) {
    if (status in counts) counts[status as keyof SchedulerStatsData] = n;
  }
  return counts;
}

export function list(ctx: DbContext, args: SchedulerListArgs): SchedulerListData {
  return args.status === undefined
    ? listSchedulerJobs(ctx.db, { limit: args.limit })
    : listSchedulerJobsByStatus(ctx.db, { status: args.status, limit: args.limit });
}

export function pause(ctx: DbContext, _args: SchedulerPauseArgs): void {
  ctx.write((tx) => setSchedulerPaused(tx.db, { payload: 'true', now: tx.now }));
}

export function resume(ctx: DbContext, _args: SchedulerResumeArgs): void {
  ctx.write((tx) => setSchedulerPaused(tx.db, { payload: 'false', now: tx.now }));
}

/** Cancels a job not yet terminal (a compare-and-set: a drain that claimed it then finds it cancelled and starts no agent). */
export function cancel(ctx: DbContext, args: SchedulerCancelArgs): SchedulerCancelData {
  return ctx.write((tx) => {
    const job = getSchedulerJob(tx.db, { id: args.id });
    if (!job) throw new NotFoundError(`not found: ${args.id}`);
    if (isTerminalSchedulerJobStatus(job.status)) throw new NotFoundError(`job already in terminal state: ${job.status}`);
    cancelSchedulerJob(tx.db, { id: job.id, read_status: job.status, now: tx.now });
    return { id: job.id };
  });
}

export function prune(ctx: DbContext, args: SchedulerPruneArgs): SchedulerPruneData {
  return ctx.write((tx) => ({ pruned: pruneSchedulerJobs(tx.db, { cutoff: tx.now - Math.floor(args.older_than / 1000) }) }));
}
