// The lane commands: lanes are named by ID or by name (the ID first, as Go
// resolves them); every change and its event are one transaction.
import {
  closeLane,
  countLaneEvents,
  countLaneRemovals,
  deleteLaneMember,
  getLane,
  getLaneByName,
  insertLane,
  insertLaneEvent,
  insertLaneMember,
  laneEvents,
  laneMembers,
  listLanes,
  setLaneIntent,
  touchLane,
} from '../../generated/db/queries/lane';
import type { LanesRow } from '../../generated/entities';
import type {
  LaneCloseArgs,
  LaneCreateArgs,
  LaneCreateData,
  LaneEventsArgs,
  LaneEventsData,
  LaneListArgs,
  LaneListData,
  LaneMembersArgs,
  LaneMembersData,
  LaneStatusArgs,
  LaneStatusData,
  LaneSyncArgs,
  LaneSyncData,
  LaneUpdateArgs,
  LaneUpdateData,
  LaneVelocityArgs,
  LaneVelocityData,
} from '../../generated/types';
import { LaneEventType, LaneStatus } from '../../generated/values';
import type { DbContext } from '../cli/context';
import { FailureError, UsageError } from '../cli/errors';
import type { Db } from '../db/open';
import { newId } from '../db/ids';
import { readTransaction } from '../db/transaction';
import { toJson } from '../format/json';
import { starvation } from './velocity';

/** The lane an argument names: its ID, else its name; exit 2 when neither (as Go's `lane status`). */
function resolveLane(db: Db, lane: string): LanesRow {
  const row = getLane(db, { id: lane }) ?? getLaneByName(db, { name: lane });
  if (!row) throw new FailureError(`lane not found: ${lane}`);
  return row;
}

export function create(ctx: DbContext, args: LaneCreateArgs): LaneCreateData {
  return ctx.write((tx) => {
    if (getLaneByName(tx.db, { name: args.name })) throw new FailureError(`a lane named ${args.name} already exists`);
    const row = insertLane(tx.db, {
      id: newId(),
      name: args.name,
      lane_type: args.type,
      description: args.description,
      intent: args.intent,
      now: tx.now,
    })!;
    insertLaneEvent(tx.db, { lane_id: row.id, event_type: LaneEventType.Created, payload: '{}', now: tx.now });
    return { id: row.id, lane_type: row.lane_type, name: row.name };
  });
}

export function list(ctx: DbContext, args: LaneListArgs): LaneListData {
  const status = args.active ? LaneStatus.Active : (args.status ?? null);
  const lanes = listLanes(ctx.db, { status }).map((l) => ({
    created_at: l.created_at,
    description: l.description,
    id: l.id,
    lane_type: l.lane_type,
    name: l.name,
    status: l.status,
    updated_at: l.updated_at,
  }));
  return { lanes };
}

export function status(ctx: DbContext, args: LaneStatusArgs): LaneStatusData {
  return readTransaction(ctx.db, () => {
    const lane = resolveLane(ctx.db, args.lane);
    const members = laneMembers(ctx.db, { lane_id: lane.id }).map((m) => m.bead_id);
    return {
      created_at: lane.created_at,
      description: lane.description,
      event_count: countLaneEvents(ctx.db, { lane_id: lane.id })!.n,
      id: lane.id,
      intent: lane.intent,
      lane_type: lane.lane_type,
      member_count: members.length,
      members,
      metadata: lane.metadata,
      name: lane.name,
      status: lane.status,
      updated_at: lane.updated_at,
    };
  });
}

export function update(ctx: DbContext, args: LaneUpdateArgs): LaneUpdateData {
  // Not `required` in the spec: --intent= (empty) is given, and clears it.
  const intent = args.intent;
  if (intent === undefined) throw new UsageError('--intent is required (only supported field)');
  return ctx.write((tx) => {
    const lane = resolveLane(tx.db, args.name);
    setLaneIntent(tx.db, { id: lane.id, intent, now: tx.now });
    return { name: lane.name };
  });
}

export function close(ctx: DbContext, args: LaneCloseArgs): void {
  ctx.write((tx) => {
    const lane = resolveLane(tx.db, args.lane);
    if (closeLane(tx.db, { id: lane.id, now: tx.now }) === 0) throw new FailureError(`lane ${lane.name} is already ${lane.status}`);
    insertLaneEvent(tx.db, { lane_id: lane.id, event_type: LaneEventType.Closed, payload: '{}', now: tx.now });
  });
}

export function events(ctx: DbContext, args: LaneEventsArgs): LaneEventsData {
  return readTransaction(ctx.db, () => {
    const lane = resolveLane(ctx.db, args.lane);
    return {
      events: laneEvents(ctx.db, { lane_id: lane.id }).map((e) => ({
        created_at: e.created_at,
        event_type: e.event_type,
        id: e.id,
        lane_id: e.lane_id,
        payload: e.payload,
      })),
    };
  });
}

/**
 * The lane's members become exactly the beads given: each bead added or
 * removed is an event of its own (its payload the bead id; velocity counts
 * the removals), then one snapshot event with the count, in one transaction.
 */
export function sync(ctx: DbContext, args: LaneSyncArgs): LaneSyncData {
  return ctx.write((tx) => {
    const lane = resolveLane(tx.db, args.lane);
    const had = new Set(laneMembers(tx.db, { lane_id: lane.id }).map((m) => m.bead_id));
    const wanted = new Set(args.bead_ids);
    for (const bead of args.bead_ids) {
      if (had.has(bead)) continue;
      insertLaneMember(tx.db, { lane_id: lane.id, bead_id: bead, now: tx.now });
      insertLaneEvent(tx.db, { lane_id: lane.id, event_type: LaneEventType.BeadAdded, payload: toJson({ bead_id: bead }), now: tx.now });
    }
    for (const bead of had) {
      if (wanted.has(bead)) continue;
      deleteLaneMember(tx.db, { lane_id: lane.id, bead_id: bead });
      insertLaneEvent(tx.db, { lane_id: lane.id, event_type: LaneEventType.BeadRemoved, payload: toJson({ bead_id: bead }), now: tx.now });
    }
    insertLaneEvent(tx.db, { lane_id: lane.id, event_type: LaneEventType.Snapshot, payload: toJson({ count: wanted.size }), now: tx.now });
    touchLane(tx.db, { id: lane.id, now: tx.now });
    return { lane_id: lane.id, member_count: wanted.size, name: lane.name };
  });
}

export function members(ctx: DbContext, args: LaneMembersArgs): LaneMembersData {
  return readTransaction(ctx.db, () => {
    const lane = resolveLane(ctx.db, args.lane);
    return { members: laneMembers(ctx.db, { lane_id: lane.id }).map((m) => m.bead_id) };
  });
}

const DAY_SECONDS = 24 * 3600;

export function velocity(ctx: DbContext, args: LaneVelocityArgs): LaneVelocityData {
  return readTransaction(ctx.db, () => {
    const since = ctx.now() - args.days * DAY_SECONDS;
    const lanes = listLanes(ctx.db, { status: LaneStatus.Active }).map((lane) => {
      const open = laneMembers(ctx.db, { lane_id: lane.id }).length;
      const closed = countLaneRemovals(ctx.db, { lane_id: lane.id, since })!.n;
      return { closed, lane_id: lane.id, name: lane.name, open_beads: open, starvation: starvation(open, closed), throughput: closed };
    });
    // Most starved first; ties by name (listLanes' order, kept by the stable sort).
    return { lanes: lanes.sort((a, b) => b.starvation - a.starvation) };
  });
}
