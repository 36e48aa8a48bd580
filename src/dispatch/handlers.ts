// dispatch spawn, poll, wait, kill, tokens and prune. status and list are
// generic operations in the spec. Every status change goes through
// lifecycle.ts: a compare-and-set that records its dispatch event.
import { resolve } from 'node:path';
import { pruneDispatches, setDispatchTokens, unlinkPrunedDispatches } from '../../generated/db/queries/dispatch';
import type { DispatchesRow } from '../../generated/entities';
import type {
  DispatchKillArgs,
  DispatchKillData,
  DispatchPollArgs,
  DispatchPollData,
  DispatchPruneArgs,
  DispatchPruneData,
  DispatchRetryArgs,
  DispatchRetryData,
  DispatchSpawnArgs,
  DispatchSpawnData,
  DispatchTokensArgs,
  DispatchTokensData,
  DispatchWaitArgs,
  DispatchWaitData,
} from '../../generated/types';
import { DispatchStatus, isTerminalDispatchStatus } from '../../generated/values';
import { announceBudget, announcementLine } from '../budget/announce';
import type { DbContext } from '../cli/context';
import { FailureError, firstLine } from '../cli/errors';
import { isRegularFile } from '../fs/stat';
import { moveDispatch, mustGetDispatch, newDispatchRow, startDispatch } from './lifecycle';
import { isOurAgent } from './identity';
import { checkPortfolioLimit, childLineage, headCommit } from './lineage';
import { checkSpawnPaths } from './paths';
import { killGroup, sleep } from './process';
import { escalate } from './escalate';
import { recordRetry } from './retry';
import { agentCommand } from './script';
import { exitCodeFor, readLiveCounters, readTokens, readVerdict } from './sidecars';
import { queueJob } from '../scheduler/handlers';
import { structOptions } from '../scheduler/options';

/** A job queued by dispatch spawn --scheduled has Go's normal priority. */
const DEFAULT_JOB_PRIORITY = 2;

export { DispatchNotFoundError, SpawnError } from './lifecycle';

/** A spawned row with no pid this long after its creation was left by a spawn that never finished. */
export const SPAWN_GRACE_S = 30;

export async function spawn(ctx: DbContext, args: DispatchSpawnArgs): Promise<DispatchSpawnData> {
  // Everything that can be checked is checked before the row is written.
  const paths = checkSpawnPaths(ctx.cwd, args);
  // A script named that is not there is a mistake, not a reason to run codex instead (as the search below would).
  if (args.dispatch_sh !== undefined && !isRegularFile(resolve(ctx.cwd, args.dispatch_sh)))
    throw new FailureError(
      `--dispatch-sh ${args.dispatch_sh}: no such file; give the path of an existing dispatch script, or leave the flag out to use CLAVAIN_DISPATCH_SH, hub/clavain/scripts/dispatch.sh or codex`,
    );
  const timeoutSec = args.timeout === undefined ? undefined : Math.ceil(args.timeout / 1000);
  const sandboxSpec = args.sandbox_spec === undefined ? undefined : JSON.stringify(args.sandbox_spec);
  if (args.scheduled) {
    // Go's SpawnOptions as the job's options; scheduler drain spawns it.
    const jobId = queueJob(ctx, {
      agentType: args.type,
      sessionName: args.scheduler_session,
      priority: DEFAULT_JOB_PRIORITY,
      spawnOpts: structOptions({
        agentType: args.type,
        projectDir: paths.project,
        promptFile: paths.promptFile,
        outputFile: paths.output,
        name: args.name,
        model: args.model,
        sandbox: args.sandbox,
        sandboxSpec,
        timeoutSec,
        scopeId: args.scope_id,
        parentId: args.parent_id,
        parentDispatchId: args.parent_dispatch,
        dispatchSh: args.dispatch_sh === undefined ? undefined : resolve(ctx.cwd, args.dispatch_sh),
      }),
    });
    return { job_id: jobId, scheduled: true };
  }
  const lineage = args.parent_dispatch === undefined ? {} : childLineage(ctx.db, ctx.now(), args.parent_dispatch);
  const row = newDispatchRow({
    agent_type: args.type,
    project_dir: paths.project,
    prompt_file: paths.promptFile,
    output_file: paths.output,
    name: args.name,
    model: args.model,
    sandbox: args.sandbox,
    sandbox_spec: sandboxSpec,
    timeout_sec: timeoutSec,
    scope_id: args.scope_id,
    parent_id: args.parent_id,
    base_repo_commit: headCommit(paths.project),
    ...lineage,
  });
  const command = agentCommand(
    {
      project: row.project_dir,
      promptFile: row.prompt_file,
      output: row.output_file,
      name: args.name,
      model: args.model,
      sandbox: args.sandbox,
      timeoutSec,
      dispatchSh: args.dispatch_sh,
    },
    ctx.cwd,
    ctx.env,
  );
  const scope = args.scope_id;
  return startDispatch(ctx, row, command, scope ? (tx) => checkPortfolioLimit(tx.db, tx.now, scope, (l) => ctx.stderr(l)) : undefined);
}

/**
 * One look at a dispatch, deciding from the row as it is now (in one write
 * transaction): live counters while its agent runs; the verdict and token
 * summary once it is gone (or its pid now belongs to another process); a
 * spawn that never recorded its pid fails once it is clearly abandoned. A
 * terminal dispatch is returned as is. Always answers: poll and wait end
 * whatever state a crash left the row in.
 */
export function pollOnce(ctx: DbContext, id: string): DispatchesRow {
  return moveDispatch(ctx, id, (row, now) => {
    if (isTerminalDispatchStatus(row.status)) return undefined;
    if (row.pid == null) {
      if (row.created_at > now - SPAWN_GRACE_S) return undefined;
      return { status: DispatchStatus.Failed, error_message: 'the spawn was interrupted before the agent started', completed_at: now };
    }
    if (isOurAgent(row.pid, row.started_at) === 'alive') {
      const counters = readLiveCounters(row.pid);
      return counters && Object.keys(counters).length ? counters : undefined;
    }
    const verdict = readVerdict(row.verdict_file);
    const tokens = readTokens(row.output_file);
    const exitCode = exitCodeFor(verdict);
    return {
      status: exitCode === 0 ? DispatchStatus.Completed : DispatchStatus.Failed,
      exit_code: exitCode,
      verdict_status: verdict?.status ?? null,
      verdict_summary: verdict?.summary ?? null,
      ...(tokens ? { input_tokens: tokens.in, output_tokens: tokens.out } : {}),
      completed_at: now,
    };
  });
}

export function poll(ctx: DbContext, args: DispatchPollArgs): DispatchPollData {
  return pollOnce(ctx, args.id);
}

/**
 * Ends a dispatch with `status` (timeout, cancelled): the row first, so that
 * no poll can collect the dying agent as failed, then its process group.
 * Returns the row as it ends up. A row that is already terminal keeps its
 * status; an agent still running under a cancelled or timed-out row (a kill
 * interrupted before) is stopped again.
 */
async function stop(
  ctx: DbContext,
  id: string,
  status: typeof DispatchStatus.Cancelled | typeof DispatchStatus.Timeout,
): Promise<DispatchesRow> {
  const row = moveDispatch(ctx, id, (r, now) => (isTerminalDispatchStatus(r.status) ? undefined : { status, completed_at: now }));
  const stopped = row.status === DispatchStatus.Cancelled || row.status === DispatchStatus.Timeout;
  if (stopped && row.pid != null) await killGroup(row.pid, undefined, row.started_at);
  return row;
}

export async function wait(ctx: DbContext, args: DispatchWaitArgs): Promise<DispatchWaitData> {
  const started = Date.now();
  const deadline = args.timeout === undefined ? Infinity : started + args.timeout;
  for (;;) {
    let row = pollOnce(ctx, args.id);
    ctx.progress(waitStatus(row, Date.now() - started, deadline - started));
    if (!isTerminalDispatchStatus(row.status) && Date.now() >= deadline) row = await stop(ctx, args.id, DispatchStatus.Timeout);
    if (isTerminalDispatchStatus(row.status)) return row;
    await sleep(Math.max(0, Math.min(args.poll, deadline - Date.now())));
  }
}

/**
 * Sets the counts given (not adds), then announces the budget thresholds the
 * run of the dispatch's scope has newly reached, in the same transaction. A
 * budget check that fails is rolled back alone (a savepoint) and reported on
 * stderr: it never changes the command's result.
 */
export function tokens(ctx: DbContext, args: DispatchTokensArgs): DispatchTokensData {
  let line: string | undefined;
  ctx.write((tx) => {
    const row = mustGetDispatch(tx.db, args.id);
    setDispatchTokens(tx.db, {
      id: row.id,
      input_tokens: args.in ?? null,
      output_tokens: args.out ?? null,
      cache_hits: args.cache ?? null,
    });
    if (row.scope_id == null) return;
    try {
      const announced = tx.db.transaction(() => announceBudget(tx, row.scope_id!))();
      line = announced && announcementLine(announced);
    } catch (err) {
      line = `[budget] check: ${firstLine(err)}`;
    }
  });
  if (line) ctx.stderr(line);
  return { status: 'updated' };
}

/** The status line of dispatch wait at a terminal: `dispatch <id> (<type> <name>): running, pid 123, 12s of 5m0s`. */
function waitStatus(row: DispatchesRow, elapsedMs: number, limitMs: number): string {
  const who = [row.agent_type, row.name].filter(Boolean).join(' ');
  const parts = [`dispatch ${row.id} (${who}): ${row.status}`];
  if (row.pid != null) parts.push(`pid ${row.pid}`);
  if (row.turns) parts.push(`${row.turns} turns`);
  const secs = (ms: number) => `${Math.floor(ms / 1000)}s`;
  parts.push(Number.isFinite(limitMs) ? `${secs(elapsedMs)} of ${secs(limitMs)}` : secs(elapsedMs));
  return parts.join(', ');
}

export async function kill(ctx: DbContext, args: DispatchKillArgs): Promise<DispatchKillData> {
  const row = await stop(ctx, args.id, DispatchStatus.Cancelled);
  return { id: row.id, status: row.status };
}

/** Records a retry of a failed or timed-out dispatch (retry.ts); nothing is started. */
export function retry(ctx: DbContext, args: DispatchRetryArgs): DispatchRetryData {
  if (!args.escalate) return recordRetry(ctx, args.id);
  const d = escalate(ctx, args.id, {
    chainKey: args.chain_key,
    mode: args.failure_mode,
    detail: args.failure_detail,
    fableOpen: ctx.env.CLAVAIN_FABLE_AVAILABLE === '1',
  });
  // Go's two lines on stderr, as one: the chain and where its lessons are.
  if (d.exhausted && !ctx.globals.json)
    ctx.stderr(`ic: dispatch retry: escalation chain exhausted: ${d.error}; lesson chain: ${d.lesson_file}`);
  return d;
}

/** Deletes terminal dispatches created before now - older_than; a scheduler job that spawned one keeps its row, unlinked. */
export function prune(ctx: DbContext, args: DispatchPruneArgs): DispatchPruneData {
  return ctx.write((tx) => {
    const cutoff = tx.now - Math.floor(args.older_than / 1000);
    unlinkPrunedDispatches(tx.db, { cutoff });
    return { deleted: pruneDispatches(tx.db, { cutoff }) };
  });
}
