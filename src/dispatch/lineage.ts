// Where a new dispatch comes from: the dispatch that spawned it (its spawn
// depth one more than its parent's, bounded by the max_spawn_depth config)
// and the commit its work is based on (for write-set conflict detection).
import { execFileSync } from 'node:child_process';
import { getDispatch, portfolioDispatchLimit } from '../../generated/db/queries/dispatch';
import { getState } from '../../generated/db/queries/state';
import { Exit } from '../../generated/values';
import { IcError, NotFoundError } from '../cli/errors';
import { KERNEL_SCOPE, kernelKey } from '../config/autonomy';
import type { Db } from '../db/open';

export const MAX_SPAWN_DEPTH_KEY = 'max_spawn_depth';

/** The max_spawn_depth config (0, unset or expired: unlimited). */
export function maxSpawnDepth(db: Db, now: number): number {
  const entry = getState(db, { key: kernelKey(MAX_SPAWN_DEPTH_KEY), scope_id: KERNEL_SCOPE });
  if (!entry || (entry.expires_at != null && entry.expires_at <= now)) return 0;
  const n = Number(entry.payload);
  return Number.isSafeInteger(n) && n > 0 ? n : 0;
}

/**
 * The lineage of a dispatch spawned by dispatch `parentId`: the parent must
 * exist, and the child's depth may not pass max_spawn_depth (exit 1, nothing
 * written).
 */
export function childLineage(db: Db, now: number, parentId: string): { parent_dispatch_id: string; spawn_depth: number } {
  const parent = getDispatch(db, { id: parentId });
  if (!parent) throw new NotFoundError(`parent dispatch not found: ${parentId}`);
  const depth = parent.spawn_depth + 1;
  const limit = maxSpawnDepth(db, now);
  if (limit > 0 && depth > limit)
    throw new IcError(
      Exit.Negative,
      `spawn rejected: spawn_depth_exceeded (current=${depth}, limit=${limit}); raise it with ic config set ${MAX_SPAWN_DEPTH_KEY} <n>`,
    );
  return { parent_dispatch_id: parent.id, spawn_depth: depth };
}

/** The commit checked out in `dir` (git HEAD), or null when it is not a git work tree or git fails. */
export function headCommit(dir: string): string | null {
  try {
    const out = execFileSync('git', ['-C', dir, 'rev-parse', '--verify', '--quiet', 'HEAD'], {
      timeout: 2000,
      stdio: ['ignore', 'pipe', 'ignore'],
      env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' },
    })
      .toString()
      .trim();
    return /^[0-9a-f]{40}([0-9a-f]{24})?$/.test(out) ? out : null;
  } catch {
    return null;
  }
}

/**
 * Go's portfolio dispatch limit, checked in the spawn's own transaction: a
 * run of a portfolio with max_dispatches above 0 refuses a dispatch once
 * the relay's count (state active-dispatch-count of the portfolio, a JSON
 * string holding an integer) has reached it (exit 1, nothing written).
 * Advisory, as Go's: with no count, or one not in that form, nothing is
 * refused (the first is reported on stderr).
 */
export function checkPortfolioLimit(db: Db, now: number, scopeId: string, warn: (line: string) => void): void {
  const limit = portfolioDispatchLimit(db, { scope_id: scopeId });
  if (!limit) return;
  if (limit.payload == null || (limit.expires_at != null && limit.expires_at <= now)) {
    warn(`ic: dispatch spawn: no relay data for portfolio ${limit.portfolio_id}: dispatch limit not enforced`);
    return;
  }
  let text: unknown;
  try {
    text = JSON.parse(limit.payload);
  } catch {
    return;
  }
  if (typeof text !== 'string' || !/^[+-]?\d+$/.test(text)) return;
  const count = Number(text);
  const max = limit.max_dispatches ?? 0;
  if (count >= max) throw new IcError(Exit.Negative, `rejected: portfolio dispatch limit reached (${count}/${max})`);
}
