// The life of a dispatch: every status change is a compare-and-set on the
// status it was decided from, in a write transaction that also records the
// dispatch event, so a dispatch never leaves a terminal status, of two
// commands racing on one dispatch exactly one wins, and every change is on
// the event bus. A new dispatch's row is made in one place for `dispatch
// spawn` and auto-spawn alike, and starting its agent records it before it
// may run (the gate in process.ts).
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getDispatch, insertDispatch, updateDispatch } from '../../generated/db/queries/dispatch';
import type { DispatchesRow } from '../../generated/entities';
import { DispatchStatus } from '../../generated/values';
import type { DbContext } from '../cli/context';
import { FailureError, NotFoundError } from '../cli/errors';
import { newId } from '../db/ids';
import type { Db } from '../db/open';
import type { Tx } from '../db/transaction';
import { recordDispatchEvent } from '../events/record';
import { startGated } from './process';
import type { AgentCommand } from './script';

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

/** What a new dispatch's row holds (insertDispatch's parameters). */
export type NewDispatch = Parameters<typeof insertDispatch>[1];

export function mustGetDispatch(db: Db, id: string): DispatchesRow {
  const row = getDispatch(db, { id });
  if (!row) throw new DispatchNotFoundError(id);
  return row;
}

/**
 * Moves the dispatch from the status it was read in, with `patch`; records
 * the status change as a dispatch event. A patch that keeps the status (live
 * counters) records nothing. True when the row was still in that status.
 */
export function transition(tx: Tx, row: DispatchesRow, patch: Partial<DispatchesRow>): boolean {
  const next = { ...row, ...patch };
  const written = updateDispatch(tx.db, {
    id: row.id,
    read_status: row.status,
    status: next.status,
    pid: next.pid ?? null,
    exit_code: next.exit_code ?? null,
    started_at: next.started_at ?? null,
    completed_at: next.completed_at ?? null,
    verdict_status: next.verdict_status ?? null,
    verdict_summary: next.verdict_summary ?? null,
    error_message: next.error_message ?? null,
    turns: next.turns ?? null,
    commands: next.commands ?? null,
    messages: next.messages ?? null,
    input_tokens: next.input_tokens ?? null,
    output_tokens: next.output_tokens ?? null,
    cache_hits: next.cache_hits ?? null,
  });
  if (written !== 1) return false;
  if (patch.status !== undefined && patch.status !== row.status) {
    recordDispatchEvent(tx, { dispatch_id: row.id, run_id: row.scope_id, from_status: row.status, to_status: patch.status });
  }
  return true;
}

/** transition in its own write transaction, on the row as it is now. */
export function moveDispatch(
  ctx: DbContext,
  id: string,
  decide: (row: DispatchesRow, now: number) => Partial<DispatchesRow> | undefined,
): DispatchesRow {
  return ctx.write((tx) => {
    const row = mustGetDispatch(tx.db, id);
    const patch = decide(row, tx.now);
    if (patch) transition(tx, row, patch);
    return mustGetDispatch(tx.db, id);
  });
}

function promptHash(file: string): string {
  let text: Buffer;
  try {
    text = readFileSync(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new SpawnError(`cannot read prompt file ${file}: ${code === 'ENOENT' ? 'no such file' : (err as Error).message}`);
  }
  // crypto loads here, when a dispatch is made: rollback and the scheduler reach this module without hashing.
  const { createHash } = require('node:crypto') as typeof import('node:crypto');
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

/** The fields of a new dispatch that `newDispatchRow` fills in. */
type Filled = 'id' | 'prompt_hash' | 'output_file' | 'verdict_file';
/** The fields of a new dispatch that only a retry or a child dispatch sets (default 0, 0, ''). */
type Lineage = 'retry_count' | 'spawn_depth' | 'parent_dispatch_id';

/**
 * A new dispatch's row: a fresh id, the prompt's hash (the prompt must be
 * readable), the output file (by default in the temp directory) and its
 * verdict file beside it.
 */
export function newDispatchRow(
  fields: Omit<NewDispatch, Filled | Lineage | 'created_at'> &
    Partial<Pick<NewDispatch, Lineage>> & { prompt_file: string; output_file?: string },
): Omit<NewDispatch, 'created_at'> & { id: string; project_dir: string; prompt_file: string; output_file: string } {
  const id = newId();
  const output = fields.output_file ?? join(tmpdir(), `ic-dispatch-${id}.md`);
  return {
    retry_count: null,
    spawn_depth: null,
    parent_dispatch_id: null,
    ...fields,
    id,
    prompt_hash: promptHash(fields.prompt_file),
    output_file: output,
    verdict_file: `${output}.verdict`,
  };
}

export interface Started {
  id: string;
  pid: number;
}

/**
 * Records the dispatch (`spawned`), starts its agent held at the gate,
 * records `running` with the pid, and only then lets the agent run. Any
 * failure on the way ends in a `failed` row with the reason and no agent
 * running. `before` runs in the recording transaction (auto-spawn links the
 * agent there) and may refuse by throwing, which leaves no row at all.
 */
export async function startDispatch(
  ctx: DbContext,
  values: Omit<NewDispatch, 'created_at'> & { id: string },
  command: AgentCommand,
  before?: (tx: Tx) => void,
): Promise<Started> {
  ctx.write((tx) => {
    insertDispatch(tx.db, { ...values, created_at: tx.now });
    before?.(tx);
  });
  const fail = (reason: string) =>
    moveDispatch(ctx, values.id, (row, now) =>
      row.status === DispatchStatus.Spawned ? { status: DispatchStatus.Failed, error_message: reason, completed_at: now } : undefined,
    );
  let agent;
  try {
    agent = await startGated(command, ctx.env);
  } catch (err) {
    const reason = (err as Error).message;
    fail(reason);
    throw new SpawnError(`cannot start the agent: ${reason}`);
  }
  let running: DispatchesRow;
  try {
    running = moveDispatch(ctx, values.id, (row, now) =>
      row.status === DispatchStatus.Spawned ? { status: DispatchStatus.Running, pid: agent.pid, started_at: now } : undefined,
    );
  } catch (err) {
    // The pid could not be recorded: the agent must not run untracked.
    agent.abort();
    try {
      fail(`could not record the agent: ${(err as Error).message}`);
    } catch {
      // The database refuses even that; the spawned row without a pid is failed by the next poll.
    }
    throw err;
  }
  if (running.status !== DispatchStatus.Running || running.pid !== agent.pid) {
    // Killed while it was starting: the row says so, and no agent may run on.
    agent.abort();
    return { id: values.id, pid: agent.pid };
  }
  agent.release();
  return { id: values.id, pid: agent.pid };
}
