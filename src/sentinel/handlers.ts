// sentinel check: the atomic claim. reset, list and prune are generic
// operations in the spec.
import { fireSentinel, getSentinel, pruneSentinels } from '../../generated/db/queries/sentinel';
import type { SentinelCheckArgs, SentinelCheckData } from '../../generated/types';
import type { DbContext } from '../cli/context';
import type { Tx } from '../db/transaction';

/** Sentinels that have not fired for this long are pruned by every check. */
export const AUTO_PRUNE_SECONDS = 7 * 24 * 3600;

/**
 * Inside one BEGIN IMMEDIATE transaction: prune, read, decide, write. The
 * write lock is taken before the read, so of any number of concurrent claims
 * exactly one sees the sentinel unfired.
 */
export function claim(tx: Tx, name: string, scopeId: string, intervalSec: number): boolean {
  const { db, now } = tx;
  pruneSentinels(db, { cutoff: now - AUTO_PRUNE_SECONDS });
  const row = getSentinel(db, { name, scope_id: scopeId });
  if (row && (intervalSec === 0 || now - row.last_fired < intervalSec)) return false;
  fireSentinel(db, { name, scope_id: scopeId, last_fired: now });
  return true;
}

export function check(ctx: DbContext, args: SentinelCheckArgs): SentinelCheckData {
  return { allowed: ctx.write((tx) => claim(tx, args.name, args.scope_id, args.interval)) };
}
