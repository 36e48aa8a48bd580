// sentinel check: the atomic claim. reset, list and prune are generic
// operations in the spec.
import type { SentinelCheckArgs, SentinelCheckData } from '../../generated/types';
import type { CommandContext } from '../cli/context';
import type { Outcome } from '../cli/outcome';
import type { Db } from '../db/open';

/** Sentinels that have not fired for this long are pruned by every check. */
export const AUTO_PRUNE_SECONDS = 7 * 24 * 3600;

/**
 * One BEGIN IMMEDIATE transaction: prune, read, decide, write. The write lock
 * is taken before the read, so of any number of concurrent claims exactly one
 * sees the sentinel unfired.
 */
export function claim(db: Db, name: string, scopeId: string, intervalSec: number, now: number): boolean {
  const run = db.transaction((): boolean => {
    db.prepare('DELETE FROM sentinels WHERE last_fired < ?').run(now - AUTO_PRUNE_SECONDS);
    const row = db.prepare('SELECT last_fired FROM sentinels WHERE name = ? AND scope_id = ?').get(name, scopeId) as
      { last_fired: number } | undefined;
    if (row && (intervalSec === 0 || now - row.last_fired < intervalSec)) return false;
    db.prepare(
      'INSERT INTO sentinels (name, scope_id, last_fired) VALUES (?, ?, ?) ON CONFLICT (name, scope_id) DO UPDATE SET last_fired = excluded.last_fired',
    ).run(name, scopeId, now);
    return true;
  });
  return run.immediate();
}

export function check(ctx: CommandContext, args: SentinelCheckArgs): Outcome<SentinelCheckData> {
  const allowed = claim(ctx.db, args.name, args.scope_id, args.interval, ctx.now());
  return { exit: allowed ? 0 : 1, data: { allowed } };
}
