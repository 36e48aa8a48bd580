// The coordination commands. Every change is one BEGIN IMMEDIATE transaction
// holding the check and the write together: of any number of concurrent
// reservations, each sees the locks committed before it, so two overlapping
// exclusive locks of different owners are never both written. Each lock
// that changes gets its event in the same transaction (src/coordination/events.ts).
import {
  activeLocksInScope,
  activeLocksOfOwner,
  expiredLocks,
  insertLock,
  listLocks,
  releaseExpiredLocks,
  releaseLock,
  releaseOwnerLocks,
  transferOwnerLocks,
} from '../../generated/db/queries/coordination';
import type { CoordinationLocksRow } from '../../generated/entities';
import type {
  CoordinationCheckArgs,
  CoordinationCheckData,
  CoordinationListArgs,
  CoordinationListData,
  CoordinationReleaseArgs,
  CoordinationReleaseData,
  CoordinationReserveArgs,
  CoordinationReserveData,
  CoordinationSweepArgs,
  CoordinationSweepData,
  CoordinationTransferArgs,
  CoordinationTransferData,
} from '../../generated/types';
import { CoordinationEventType } from '../../generated/values';
import type { DbContext } from '../cli/context';
import { ConflictError, FailureError, UsageError } from '../cli/errors';
import { newId } from '../db/ids';
import type { Tx } from '../db/transaction';
import { expiresAt } from '../state/handlers';
import { recordCoordinationEvent, type TraceEnv } from './events';
import { CellBudget, type Glob, GlobBudgetError, globsOverlap, parseGlob } from './glob';

/** A lock as its JSON shows it: Go's struct, its keys in Go's order, empty ones left out. */
export type LockView = NonNullable<CoordinationReserveData['lock']>;

export function lockView(row: CoordinationLocksRow): LockView {
  return {
    id: row.id,
    type: row.type,
    owner: row.owner,
    scope: row.scope,
    pattern: row.pattern,
    exclusive: row.exclusive === 1,
    reason: row.reason || undefined,
    ttl_seconds: row.ttl_seconds || undefined,
    created_at: row.created_at,
    expires_at: row.expires_at ?? undefined,
    released_at: row.released_at ?? undefined,
    dispatch_id: row.dispatch_id || undefined,
    run_id: row.run_id || undefined,
  };
}

/**
 * Compares a pattern with the stored ones, each parsed once. A stored
 * pattern that does not parse (written by another program) is taken to
 * overlap everything: a lock whose extent is unknown is respected, not
 * ignored. Too much comparing is an error (exit 2), never a long wait.
 */
class Comparer {
  private readonly budget = new CellBudget();
  private readonly parsed = new Map<string, Glob | undefined>();

  overlaps(pattern: Glob, stored: string): boolean {
    if (!this.parsed.has(stored)) {
      let glob: Glob | undefined;
      try {
        glob = parseGlob(stored);
      } catch {
        glob = undefined;
      }
      this.parsed.set(stored, glob);
    }
    const other = this.parsed.get(stored);
    if (!other) return true;
    try {
      return globsOverlap(pattern, other, this.budget);
    } catch (err) {
      if (err instanceof GlobBudgetError) throw new FailureError(`${err.message}: too many complex patterns are held in the scope`);
      throw err;
    }
  }
}

const change = (type: CoordinationEventType, row: CoordinationLocksRow, reason: string | null) => ({
  type,
  lockId: row.id,
  owner: row.owner,
  pattern: row.pattern,
  scope: row.scope,
  reason,
  runId: row.run_id,
});

/** Releases the locks expired before the cutoff, each with its coordination.expired event. */
function releaseExpired(tx: Tx, cutoff: number, env: TraceEnv): number {
  const released = releaseExpiredLocks(tx.db, { now: tx.now, cutoff });
  for (const row of released) recordCoordinationEvent(tx, change(CoordinationEventType.CoordinationExpired, row, 'sweep'), env);
  return released.length;
}

export function reserve(ctx: DbContext, args: CoordinationReserveArgs): CoordinationReserveData {
  const compare = new Comparer();
  const env = ctx.env as TraceEnv;
  const result = ctx.write((tx): CoordinationReserveData => {
    releaseExpired(tx, tx.now, env);
    const id = newId();
    for (const held of activeLocksInScope(tx.db, { scope: args.scope, now: tx.now })) {
      if (held.owner === args.owner) continue;
      if (!args.exclusive && held.exclusive !== 1) continue;
      if (!compare.overlaps(args.pattern, held.pattern)) continue;
      // Go records the blocker's owner as the event's reason.
      recordCoordinationEvent(
        tx,
        {
          type: CoordinationEventType.CoordinationConflict,
          lockId: id,
          owner: args.owner,
          pattern: args.pattern.text,
          scope: args.scope,
          reason: held.owner,
          runId: args.run ?? null,
        },
        env,
      );
      return {
        conflict: {
          blocker_id: held.id,
          blocker_owner: held.owner,
          blocker_pattern: held.pattern,
          blocker_reason: held.reason || undefined,
        },
      };
    }
    const row = insertLock(tx.db, {
      id,
      type: args.type,
      owner: args.owner,
      scope: args.scope,
      pattern: args.pattern.text,
      exclusive: args.exclusive,
      reason: args.reason ?? null,
      ttl_seconds: args.ttl || null,
      now: tx.now,
      expires_at: args.ttl ? expiresAt(Date.now(), args.ttl * 1000) : null,
      dispatch_id: args.dispatch ?? null,
      run_id: args.run ?? null,
    })!;
    recordCoordinationEvent(tx, change(CoordinationEventType.CoordinationAcquired, row, row.reason), env);
    return { id: row.id, lock: lockView(row) };
  });
  const c = result.conflict;
  if (c && !ctx.globals.json) {
    ctx.stderr(
      `ic: ${ctx.path}: conflict: ${c.blocker_owner} holds ${c.blocker_pattern}${c.blocker_reason ? ` (${c.blocker_reason})` : ''}, lock ${c.blocker_id}`,
    );
  }
  return result;
}

export function release(ctx: DbContext, args: CoordinationReleaseArgs): CoordinationReleaseData {
  if (args.id === undefined && (args.owner === undefined || args.scope === undefined)) {
    throw new UsageError('provide <id> or --owner + --scope');
  }
  const env = ctx.env as TraceEnv;
  return ctx.write((tx) => {
    const released =
      args.id !== undefined
        ? releaseLock(tx.db, { id: args.id, now: tx.now })
        : releaseOwnerLocks(tx.db, { owner: args.owner!, scope: args.scope!, now: tx.now });
    for (const row of released) recordCoordinationEvent(tx, change(CoordinationEventType.CoordinationReleased, row, null), env);
    return { released: released.length };
  });
}

export function check(ctx: DbContext, args: CoordinationCheckArgs): CoordinationCheckData {
  const compare = new Comparer();
  const held = activeLocksInScope(ctx.db, { scope: args.scope, now: ctx.now() });
  const conflicts = held.filter((l) => l.owner !== args.exclude_owner && compare.overlaps(args.pattern, l.pattern));
  return { conflicts: conflicts.map(lockView) };
}

export function list(ctx: DbContext, args: CoordinationListArgs): CoordinationListData {
  const rows = listLocks(ctx.db, {
    scope: args.scope ?? null,
    owner: args.owner ?? null,
    type: args.type ?? null,
    active: args.active,
    now: ctx.now(),
  });
  return { locks: rows.map(lockView) };
}

export function sweep(ctx: DbContext, args: CoordinationSweepArgs): CoordinationSweepData {
  const olderThan = Math.floor((args.older_than ?? 0) / 1000);
  const env = ctx.env as TraceEnv;
  if (args.dry_run) {
    const expired = expiredLocks(ctx.db, { cutoff: ctx.now() - olderThan }).length;
    return { expired, total: expired, dry_run: true };
  }
  const expired = ctx.write((tx) => releaseExpired(tx, tx.now - olderThan, env));
  return { expired, total: expired, dry_run: false };
}

export function transfer(ctx: DbContext, args: CoordinationTransferArgs): CoordinationTransferData {
  const compare = new Comparer();
  const env = ctx.env as TraceEnv;
  return ctx.write((tx) => {
    if (!args.force) {
      const exclusive = (owner: string) =>
        activeLocksOfOwner(tx.db, { owner, scope: args.scope, now: tx.now }).filter((l) => l.exclusive === 1);
      const theirs = exclusive(args.to);
      for (const mine of exclusive(args.from)) {
        const glob = parsedOrNull(mine.pattern);
        const clash = theirs.find((t) => (glob ? compare.overlaps(glob, t.pattern) : true));
        if (clash) throw new ConflictError(`transfer conflict: ${mine.pattern} overlaps ${args.to}'s lock ${clash.id} on ${clash.pattern}`);
      }
    }
    const moved = transferOwnerLocks(tx.db, { to_owner: args.to, from_owner: args.from, scope: args.scope, now: tx.now });
    for (const row of moved) {
      recordCoordinationEvent(
        tx,
        { ...change(CoordinationEventType.CoordinationTransferred, row, `transferred to ${args.to}`), owner: args.from },
        env,
      );
    }
    return { transferred: moved.length };
  });
}

function parsedOrNull(pattern: string): Glob | null {
  try {
    return parseGlob(pattern);
  } catch {
    return null;
  }
}
