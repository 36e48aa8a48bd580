// dispatch spawn, poll, wait and kill. status, list and prune are generic
// operations in the spec.
//
// Every status change is a compare-and-set on the status it was decided
// from, so a dispatch never leaves a terminal status and, of a poll and a
// kill racing on the same dispatch, exactly one wins.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { dispatches } from '../../generated/db/tables';
import type { DispatchesRow } from '../../generated/entities';
import type {
  DispatchKillArgs,
  DispatchKillData,
  DispatchPollArgs,
  DispatchPollData,
  DispatchSpawnArgs,
  DispatchSpawnData,
  DispatchWaitArgs,
  DispatchWaitData,
} from '../../generated/types';
import { DispatchStatus, isTerminalDispatchStatus } from '../../generated/values';
import { type DbContext, projectDir } from '../cli/context';
import { FailureError, NotFoundError } from '../cli/errors';
import { newId } from '../db/ids';
import type { Db } from '../db/open';
import { isAlive, killGroup, sleep, startDetached } from './process';
import { agentCommand } from './script';
import { exitCodeFor, readLiveCounters, readTokens, readVerdict } from './sidecars';

export class DispatchNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(`not found: ${id}`);
    this.name = 'DispatchNotFoundError';
  }
}

export class SpawnError extends FailureError {
  constructor(message: string) {
    super(message);
    this.name = 'SpawnError';
  }
}

function mustGet(db: Db, id: string): DispatchesRow {
  const row = dispatches.get(db, { id });
  if (!row) throw new DispatchNotFoundError(id);
  return row;
}

/** Sets `patch` only if the dispatch is still in status `from` (compare-and-set); true when it was. */
function transition(db: Db, id: string, from: DispatchStatus, patch: Partial<DispatchesRow>): boolean {
  return dispatches.update(db, { id, status: from }, patch) === 1;
}

function promptHash(file: string): string {
  let text: Buffer;
  try {
    text = readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new SpawnError(`cannot read prompt file ${file}: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

export async function spawn(ctx: DbContext, args: DispatchSpawnArgs): Promise<DispatchSpawnData> {
  // Everything that can be checked is checked before the row is written.
  const promptFile = resolve(ctx.cwd, args.prompt_file);
  const hash = promptHash(promptFile);
  const id = newId();
  const project = projectDir(ctx, args.project);
  const output = args.output ? resolve(ctx.cwd, args.output) : join(tmpdir(), `ic-dispatch-${id}.md`);
  const timeoutSec = args.timeout === undefined ? undefined : Math.ceil(args.timeout / 1000);
  const command = agentCommand(
    { project, promptFile, output, name: args.name, model: args.model, sandbox: args.sandbox, timeoutSec, dispatchSh: args.dispatch_sh },
    ctx.cwd,
    ctx.env,
  );

  const db = ctx.db;
  dispatches.insert(
    db,
    {
      id,
      agent_type: args.type,
      project_dir: project,
      prompt_file: promptFile,
      prompt_hash: hash,
      output_file: output,
      verdict_file: `${output}.verdict`,
      name: args.name,
      model: args.model,
      sandbox: args.sandbox,
      timeout_sec: timeoutSec,
      scope_id: args.scope_id,
      parent_id: args.parent_id,
    },
    ctx.now(),
  );

  let pid: number;
  try {
    pid = await startDetached(command);
  } catch (err) {
    const reason = (err as Error).message;
    transition(db, id, DispatchStatus.Spawned, { status: DispatchStatus.Failed, error_message: reason, completed_at: ctx.now() });
    throw new SpawnError(`cannot start the agent: ${reason}`);
  }
  if (!transition(db, id, DispatchStatus.Spawned, { status: DispatchStatus.Running, pid, started_at: ctx.now() })) {
    // Killed while it was starting: the row says cancelled, so no agent may run on.
    await killGroup(pid);
  }
  return { id, pid };
}

/**
 * One look at a dispatch: live counters while its process runs, the verdict
 * and token summary once it is gone. A terminal dispatch is returned as is.
 */
export function pollOnce(db: Db, id: string, now: number): DispatchesRow {
  const row = mustGet(db, id);
  if (isTerminalDispatchStatus(row.status) || row.pid == null) return row;
  if (isAlive(row.pid)) {
    const counters = readLiveCounters(row.pid);
    if (counters && Object.keys(counters).length) transition(db, id, row.status, counters);
  } else {
    const verdict = readVerdict(row.verdict_file);
    const tokens = readTokens(row.output_file);
    const exitCode = exitCodeFor(verdict);
    transition(db, id, row.status, {
      status: exitCode === 0 ? DispatchStatus.Completed : DispatchStatus.Failed,
      exit_code: exitCode,
      verdict_status: verdict?.status ?? null,
      verdict_summary: verdict?.summary ?? null,
      ...(tokens ? { input_tokens: tokens.in, output_tokens: tokens.out } : {}),
      completed_at: now,
    });
  }
  return mustGet(db, id);
}

export function poll(ctx: DbContext, args: DispatchPollArgs): DispatchPollData {
  return pollOnce(ctx.db, args.id, ctx.now());
}

export async function wait(ctx: DbContext, args: DispatchWaitArgs): Promise<DispatchWaitData> {
  const started = Date.now();
  const deadline = args.timeout === undefined ? Infinity : started + args.timeout;
  for (;;) {
    let row = pollOnce(ctx.db, args.id, ctx.now());
    ctx.progress(waitStatus(row, Date.now() - started, deadline - started));
    if (!isTerminalDispatchStatus(row.status) && Date.now() >= deadline) {
      if (row.pid != null) await killGroup(row.pid);
      transition(ctx.db, row.id, row.status, { status: DispatchStatus.Timeout, completed_at: ctx.now() });
      row = mustGet(ctx.db, args.id);
    }
    if (isTerminalDispatchStatus(row.status)) return row;
    await sleep(Math.max(0, Math.min(args.poll, deadline - Date.now())));
  }
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
  const row = mustGet(ctx.db, args.id);
  if (!isTerminalDispatchStatus(row.status)) {
    if (row.pid != null) await killGroup(row.pid);
    transition(ctx.db, row.id, row.status, { status: DispatchStatus.Cancelled, completed_at: ctx.now() });
  }
  return { id: row.id, status: mustGet(ctx.db, row.id).status };
}
