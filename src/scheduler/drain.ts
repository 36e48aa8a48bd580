// scheduler drain: the queue spawned as Go's scheduler spawns it (priority,
// then age; at most 3 spawning at once per session and a cap per agent
// type; Go's per-agent pacing), but from a command rather than a resident
// process, so every step is a row in the database:
//
// 1. claim (one write transaction): abandoned claims go back to the queue;
//    the next job moves pending -> running (compare-and-set) together with
//    the insertion of its dispatch row (spawned, no pid);
// 2. the agent is started held at its gate (src/dispatch/process.ts);
// 3. finish (one write transaction): the dispatch moves spawned -> running
//    with its pid and the job running -> completed, both compare-and-set;
//    only then is the agent let through its gate.
//
// A drain killed before 3 commits leaves a claim whose dispatch has no pid
// and whose agent never ran (its gate closed with the drain). Once older
// than --reclaim-after, the next drain fails that dispatch and requeues the
// job; a drain still alive then finds its dispatch gone from spawned and
// stops its agent. So a job's agent runs at most once, and a job is never
// left claimed for good.
import { getDispatch } from '../../generated/db/queries/dispatch';
import {
  claimSchedulerJob,
  failUnspawnableJob,
  finishSchedulerJob,
  nextSchedulerJob,
  runningSchedulerJobs,
  schedulerPaused,
} from '../../generated/db/queries/scheduler';
import type { DispatchesRow, SchedulerJobsRow } from '../../generated/entities';
import type { SchedulerDrainArgs, SchedulerDrainData } from '../../generated/types';
import { DispatchStatus, SchedulerJobStatus } from '../../generated/values';
import type { DbContext } from '../cli/context';
import { firstLine } from '../cli/errors';
import type { Tx } from '../db/transaction';
import { insertDispatch } from '../../generated/db/queries/dispatch';
import { newDispatchRow, transition } from '../dispatch/lifecycle';
import { type GatedAgent, sleep, startGated } from '../dispatch/process';
import { agentCommand, type AgentCommand } from '../dispatch/script';
import { readOptions } from './options';

/** Go's pacing: the least time between two spawns of one agent type. */
const PACING_MS: Readonly<Record<string, number>> = { codex: 800, claude: 500 };
const DEFAULT_PACING_MS = 300;
/** A job that names no sandbox gets dispatch spawn's default. */
const DEFAULT_SANDBOX = 'workspace-write';

type DrainedJob = SchedulerDrainData['jobs'][number];

const INTERRUPTED = 'the spawn was interrupted before the agent started (its scheduler claim was abandoned)';

/** Requeues (or completes) the claims that no drain is finishing; in the claim's transaction. */
function reclaim(tx: Tx, afterSec: number): void {
  for (const job of runningSchedulerJobs(tx.db)) {
    const stale = tx.now - (job.started_at ?? 0) >= afterSec;
    const requeue = () =>
      finishSchedulerJob(tx.db, {
        id: job.id,
        claimed_dispatch_id: job.dispatch_id,
        status: SchedulerJobStatus.Pending,
        dispatch_id: job.dispatch_id,
        retry_count: job.retry_count,
        error_msg: job.error_msg,
        started_at: null,
        completed_at: null,
      });
    if (job.dispatch_id === null || job.dispatch_status === null) {
      if (stale) requeue();
    } else if (job.dispatch_pid !== null) {
      // Its agent was started (a claim only Go or an older ic could leave half done).
      finishSchedulerJob(tx.db, {
        id: job.id,
        claimed_dispatch_id: job.dispatch_id,
        status: SchedulerJobStatus.Completed,
        dispatch_id: job.dispatch_id,
        retry_count: job.retry_count,
        error_msg: null,
        started_at: job.started_at,
        completed_at: tx.now,
      });
    } else if (job.dispatch_status !== DispatchStatus.Spawned) {
      requeue(); // its dispatch already failed (dispatch poll) or was killed before it started
    } else if (stale) {
      const dispatch = getDispatch(tx.db, { id: job.dispatch_id })!;
      transition(tx, dispatch, { status: DispatchStatus.Failed, error_message: INTERRUPTED, completed_at: tx.now });
      requeue();
    }
  }
}

/** A failed attempt: the job back in the queue, or failed once it has failed max_retries + 1 times (Go's rule). */
function afterFailure(
  job: SchedulerJobsRow,
  now: number,
): { status: SchedulerJobStatus; retry_count: number; completed_at: number | null } {
  return job.retry_count < job.max_retries
    ? { status: SchedulerJobStatus.Pending, retry_count: job.retry_count + 1, completed_at: null }
    : { status: SchedulerJobStatus.Failed, retry_count: job.retry_count, completed_at: now };
}

interface Claim {
  job: SchedulerJobsRow;
  dispatch: DispatchesRow;
  command: AgentCommand;
}

type Step = { paused: true } | { done: true } | { failed: DrainedJob } | { claim: Claim };

function claimNext(ctx: DbContext, reclaimAfterSec: number, skip: Set<string>): Step {
  return ctx.write((tx): Step => {
    reclaim(tx, reclaimAfterSec);
    if (schedulerPaused(tx.db, { now: tx.now })?.paused) return { paused: true };
    const job = nextSchedulerJob(tx.db, { skip: JSON.stringify([...skip]) });
    if (!job) return { done: true };
    skip.add(job.id);
    let values: ReturnType<typeof newDispatchRow>;
    let command: AgentCommand;
    try {
      const r = readOptions(job.spawn_opts, job.agent_type);
      const sandbox = r.sandbox ?? DEFAULT_SANDBOX;
      values = newDispatchRow({
        agent_type: r.agentType,
        project_dir: r.projectDir,
        prompt_file: r.promptFile,
        output_file: r.outputFile,
        name: r.name,
        model: r.model,
        sandbox,
        sandbox_spec: r.sandboxSpec,
        timeout_sec: r.timeoutSec,
        scope_id: r.scopeId,
        parent_id: r.parentId,
        parent_dispatch_id: r.parentDispatchId,
        // Go's Spawn: one deeper than the parent dispatch, when it is known (no policy is enforced here).
        spawn_depth: r.parentDispatchId ? (getDispatch(tx.db, { id: r.parentDispatchId })?.spawn_depth ?? -1) + 1 : undefined,
      });
      command = agentCommand(
        {
          project: r.projectDir,
          promptFile: values.prompt_file,
          output: values.output_file,
          name: r.name,
          model: r.model,
          sandbox,
          timeoutSec: r.timeoutSec,
          dispatchSh: r.dispatchSh,
        },
        ctx.cwd,
        ctx.env,
      );
    } catch (err) {
      const error = firstLine(err);
      const next = afterFailure(job, tx.now);
      failUnspawnableJob(tx.db, { id: job.id, read_status: job.status, error_msg: error, ...next });
      return { failed: { id: job.id, status: next.status, error } };
    }
    insertDispatch(tx.db, { ...values, created_at: tx.now });
    claimSchedulerJob(tx.db, { id: job.id, read_status: job.status, dispatch_id: values.id, now: tx.now });
    return {
      claim: {
        job: { ...job, status: SchedulerJobStatus.Running, started_at: tx.now },
        dispatch: getDispatch(tx.db, { id: values.id })!,
        command,
      },
    };
  });
}

/** Step 3, or the failure of step 2: one transaction either way. Returns what became of the job. */
function finish(ctx: DbContext, claim: Claim, agent: GatedAgent | undefined, startError: string | undefined): DrainedJob & { go: boolean } {
  const { job } = claim;
  return ctx.write((tx) => {
    const dispatch = getDispatch(tx.db, { id: claim.dispatch.id });
    if (!dispatch || dispatch.status !== DispatchStatus.Spawned) {
      // Reclaimed by another drain (or failed by dispatch poll) while this one was starting it.
      return { id: job.id, status: SchedulerJobStatus.Pending, error: 'the claim was taken back before the agent started', go: false };
    }
    if (agent === undefined) {
      transition(tx, dispatch, { status: DispatchStatus.Failed, error_message: startError ?? null, completed_at: tx.now });
      const next = afterFailure(job, tx.now);
      const moved = finishSchedulerJob(tx.db, {
        id: job.id,
        claimed_dispatch_id: dispatch.id,
        dispatch_id: dispatch.id,
        error_msg: startError ?? null,
        started_at: null,
        ...next,
      });
      return { id: job.id, status: moved ? next.status : SchedulerJobStatus.Cancelled, error: startError, go: false };
    }
    const completed = finishSchedulerJob(tx.db, {
      id: job.id,
      claimed_dispatch_id: dispatch.id,
      status: SchedulerJobStatus.Completed,
      dispatch_id: dispatch.id,
      retry_count: job.retry_count,
      error_msg: null,
      started_at: job.started_at,
      completed_at: tx.now,
    });
    if (completed !== 1) {
      // Cancelled (scheduler cancel) while it was being started: no agent runs.
      transition(tx, dispatch, {
        status: DispatchStatus.Cancelled,
        error_message: 'the scheduler job was cancelled before its agent started',
        completed_at: tx.now,
      });
      return { id: job.id, status: SchedulerJobStatus.Cancelled, error: 'cancelled before its agent started', go: false };
    }
    transition(tx, dispatch, { status: DispatchStatus.Running, pid: agent.pid, started_at: tx.now });
    return { id: job.id, status: SchedulerJobStatus.Completed, dispatch_id: dispatch.id, go: true };
  });
}

export async function drain(ctx: DbContext, args: SchedulerDrainArgs): Promise<SchedulerDrainData> {
  const jobs: DrainedJob[] = [];
  const skip = new Set<string>();
  const lastStart = new Map<string, number>();
  const reclaimAfterSec = Math.floor(args.reclaim_after / 1000);
  let claimed = 0;
  while (args.max === 0 || claimed < args.max) {
    const step = claimNext(ctx, reclaimAfterSec, skip);
    if ('paused' in step) return { jobs, paused: true };
    if ('done' in step) break;
    claimed++;
    if ('failed' in step) {
      jobs.push(step.failed);
      continue;
    }
    const { claim } = step;
    const type = claim.dispatch.agent_type;
    const gap = args.interval ?? PACING_MS[type] ?? DEFAULT_PACING_MS;
    const last = lastStart.get(type);
    if (last !== undefined) await sleep(Math.max(0, last + gap - Date.now()));
    lastStart.set(type, Date.now());
    let agent: GatedAgent | undefined;
    let startError: string | undefined;
    try {
      agent = await startGated(claim.command, ctx.env);
    } catch (err) {
      startError = `cannot start the agent: ${firstLine(err)}`;
    }
    let result: ReturnType<typeof finish>;
    try {
      result = finish(ctx, claim, agent, startError);
    } catch (err) {
      agent?.abort(); // the agent must not run unrecorded; the claim is reclaimed later
      throw err;
    }
    if (result.go) agent!.release();
    else agent?.abort();
    const { go: _go, ...drained } = result;
    jobs.push(drained);
  }
  return { jobs, paused: false };
}
