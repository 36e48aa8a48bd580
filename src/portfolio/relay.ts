// portfolio relay: Go's polling loop over the child projects' databases.
// Each poll reads, for every child run still going, the phase events of its
// project's database after the relay's cursor and writes them (mapped to
// the portfolio's event types, plus upstream_changed for each project that
// depends on it) with the new cursor in one write transaction; then the
// count of the children's active dispatches. Bounded: at most 100 events a
// project a poll, a 500 ms busy timeout on the child databases, the
// portfolio's own --timeout on its own; ends on SIGINT or SIGTERM between
// polls (exit 0).
import { childRuns } from '../../generated/db/queries/gate';
import { childActiveDispatches, childPhaseEventsAfter, insertRelayEvent, projectDeps } from '../../generated/db/queries/portfolio';
import { getState, putState } from '../../generated/db/queries/state';
import type { PortfolioRelayArgs } from '../../generated/types';
import { EventType, isTerminalRunStatus } from '../../generated/values';
import type { DbContext } from '../cli/context';
import { UsageError, firstLine } from '../cli/errors';
import { DatabaseReplacedError } from '../db/identity';
import { pause, type StopSignal } from '../sys/sleep';
import { ChildDbs } from './child-db';

const CURSOR_KEY = 'relay-cursor';
const COUNT_KEY = 'active-dispatch-count';

/** Go's mapChildEventType. */
function relayedType(childType: string): EventType {
  if (childType === EventType.Cancel) return EventType.ChildCancelled;
  if (childType === EventType.Block || childType === EventType.Pause) return EventType.ChildBlocked;
  if (childType === EventType.Rollback) return EventType.ChildRolledback;
  return EventType.ChildAdvanced;
}

/** A cursor as stored (a JSON string of the event id), or 0. */
function readCursor(payload: string | undefined): number {
  if (payload === undefined) return 0;
  try {
    const s = JSON.parse(payload) as unknown;
    return typeof s === 'string' && /^-?\d+$/.test(s) ? Number(s) : 0;
  } catch {
    return 0;
  }
}

/** One relay cycle. */
export function pollOnce(ctx: DbContext, portfolio: string, pool: ChildDbs, warn: (line: string) => void): void {
  const children = childRuns(ctx.db, { parent_run_id: portfolio });
  const deps = projectDeps(ctx.db, { portfolio_run_id: portfolio });
  let active = 0;
  for (const child of children) {
    if (isTerminalRunStatus(child.status)) continue;
    const project = child.project_dir;
    const db = pool.get(project);
    if (typeof db === 'string') {
      warn(`relay skip project ${project}: ${db}`);
      continue;
    }
    try {
      const cursor = readCursor(getState(ctx.db, { key: CURSOR_KEY, scope_id: project })?.payload);
      const events = childPhaseEventsAfter(db, { since: cursor, portfolio_id: portfolio });
      if (events.length > 0) {
        ctx.write((tx) => {
          let next = cursor;
          for (const e of events) {
            const base = { run_id: portfolio, from_phase: e.from_phase, to_phase: e.to_phase, now: tx.now };
            insertRelayEvent(tx.db, { ...base, event_type: relayedType(e.event_type), reason: `relay:${project}` });
            if (e.id > next) next = e.id;
            for (const d of deps)
              if (d.upstream === project)
                insertRelayEvent(tx.db, {
                  ...base,
                  event_type: EventType.UpstreamChanged,
                  reason: `${EventType.UpstreamChanged}:${e.from_phase}→${e.to_phase}`,
                });
          }
          putState(tx.db, {
            key: CURSOR_KEY,
            scope_id: project,
            payload: JSON.stringify(String(next)),
            updated_at: tx.now,
            expires_at: null,
          });
        });
      }
      active += childActiveDispatches(db)!.n;
    } catch (err) {
      warn(`relay project ${project}: ${firstLine(err)}`);
    }
  }
  ctx.write((tx) =>
    putState(tx.db, { key: COUNT_KEY, scope_id: portfolio, payload: JSON.stringify(String(active)), updated_at: tx.now, expires_at: null }),
  );
}

/** A poll that fails (a busy portfolio database) is reported and the next one tried, as Go does; a database replaced under the relay ends it (exit 2). */
function pollOrWarn(ctx: DbContext, portfolio: string, pool: ChildDbs, warn: (line: string) => void): void {
  try {
    pollOnce(ctx, portfolio, pool, warn);
  } catch (err) {
    if (err instanceof DatabaseReplacedError) throw err;
    warn(`relay poll error: ${firstLine(err)}`);
  }
}

export async function relay(ctx: DbContext, args: PortfolioRelayArgs): Promise<void> {
  if (args.interval <= 0) throw new UsageError(`invalid interval: must be more than 0`);
  const stop: StopSignal = { requested: false };
  const onSignal = () => {
    stop.requested = true;
    stop.wake?.();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  const pool = new ChildDbs();
  const warn = (line: string) => ctx.stderr(`ic: ${ctx.path}: ${line}`);
  try {
    while (!stop.requested) {
      pollOrWarn(ctx, args.portfolio_id, pool, warn);
      if (stop.requested) break;
      await pause(args.interval, stop);
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    pool.close();
  }
}
