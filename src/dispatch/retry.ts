// dispatch retry: a new dispatch record that re-runs a failed or timed-out
// one (Go's default retry policy). The record is made, not started: the
// caller waits the backoff, then starts it.
import { insertDispatch } from '../../generated/db/queries/dispatch';
import type { DispatchesRow } from '../../generated/entities';
import { DispatchStatus } from '../../generated/values';
import type { DbContext } from '../cli/context';
import { FailureError } from '../cli/errors';
import { newId } from '../db/ids';
import { mustGetDispatch } from './lifecycle';

/** Go's DefaultRetryPolicy: 3 retries, 5 s doubling per attempt, at most 5 min, a timeout retried. */
export const RETRY_POLICY = { maxRetries: 3, baseMs: 5_000, maxMs: 300_000, factor: 2 } as const;

/** The wait before retry attempt `retryCount + 1` (the original's retry_count). */
export function backoffMs(retryCount: number): number {
  if (retryCount <= 0) return RETRY_POLICY.baseMs;
  return Math.min(RETRY_POLICY.baseMs * RETRY_POLICY.factor ** retryCount, RETRY_POLICY.maxMs);
}

/** Why a dispatch may not be retried, or undefined when it may. */
export function refusal(row: DispatchesRow): string | undefined {
  if (row.retry_count >= RETRY_POLICY.maxRetries) return `max retries (${RETRY_POLICY.maxRetries}) exceeded for dispatch ${row.id}`;
  if (row.status !== DispatchStatus.Failed && row.status !== DispatchStatus.Timeout)
    return `dispatch ${row.id} is not retryable (status=${row.status}): only a failed or timed-out dispatch is retried`;
  return undefined;
}

export interface Retried {
  new_id: string;
  attempt: number;
  backoff_ms: number;
}

/**
 * Records the retry of dispatch `id` in one write transaction: the
 * original's configuration (not its output, verdict or base commit), the
 * next retry_count, its spawn depth, and the original as parent. Every
 * refusal (an unknown id too) is exit 2, as Go has it.
 */
export function recordRetry(ctx: DbContext, id: string): Retried {
  return ctx.write((tx) => {
    let orig: DispatchesRow;
    try {
      orig = mustGetDispatch(tx.db, id);
    } catch {
      throw new FailureError(`not found: ${id}`);
    }
    const why = refusal(orig);
    if (why) throw new FailureError(why);
    const newDispatchId = newId();
    insertDispatch(tx.db, {
      id: newDispatchId,
      agent_type: orig.agent_type,
      project_dir: orig.project_dir,
      prompt_file: orig.prompt_file,
      prompt_hash: orig.prompt_hash,
      output_file: null,
      verdict_file: null,
      name: orig.name,
      model: orig.model,
      sandbox: orig.sandbox,
      sandbox_spec: orig.sandbox_spec,
      timeout_sec: orig.timeout_sec,
      scope_id: orig.scope_id,
      parent_id: orig.parent_id,
      base_repo_commit: null,
      retry_count: orig.retry_count + 1,
      spawn_depth: orig.spawn_depth,
      parent_dispatch_id: orig.id,
      created_at: tx.now,
    });
    return { new_id: newDispatchId, attempt: orig.retry_count + 1, backoff_ms: backoffMs(orig.retry_count) };
  });
}
