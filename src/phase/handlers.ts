// run create, advance, cancel and set: the commands that move a run. Every
// mutation is one write transaction (BEGIN IMMEDIATE), so the read it decides
// on is still true when it writes, and every phase move is a compare-and-set
// on the phase it was decided from. status, phase, list and events are
// generic operations in the spec.
import type { RunsRow } from '../../generated/entities';
import { runs } from '../../generated/db/tables';
import { DEFAULT_CHAIN } from '../../generated/phases';
import type {
  RunAdvanceArgs,
  RunAdvanceData,
  RunCancelArgs,
  RunCancelData,
  RunCreateArgs,
  RunCreateData,
  RunSetArgs,
  RunSetData,
} from '../../generated/types';
import { EventType, RunStatus, isTerminalRunStatus } from '../../generated/values';
import { type DbContext, projectDir } from '../cli/context';
import { ConflictError, NotFoundError } from '../cli/errors';
import type { Db } from '../db/open';
import { recordPhaseEvent } from '../events/record';
import { decideAdvance } from './machine';

export class RunNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(`not found: ${id}`);
    this.name = 'RunNotFoundError';
  }
}

/** Exit 1: the run is completed, cancelled or failed and cannot change. */
export class RunTerminalError extends NotFoundError {
  constructor(message: string) {
    super(message);
    this.name = 'RunTerminalError';
  }
}

/** Exit 1: another advance moved the run between our read and our write. */
export class PhaseChangedError extends ConflictError {
  constructor(id: string, phase: string) {
    super(`phase changed: run ${id} is no longer in ${phase} (a concurrent advance moved it)`);
    this.name = 'PhaseChangedError';
  }
}

function mustGet(db: Db, id: string): RunsRow {
  const run = runs.get(db, { id });
  if (!run) throw new RunNotFoundError(id);
  return run;
}

export function create(ctx: DbContext, args: RunCreateArgs): RunCreateData {
  const run = runs.insert(
    ctx.db,
    {
      project_dir: projectDir(ctx, args.project),
      goal: args.goal,
      complexity: args.complexity,
      scope_id: args.scope_id,
      phase: DEFAULT_CHAIN[0],
    },
    ctx.now(),
  );
  return { id: run.id, phase: run.phase };
}

export function advance(ctx: DbContext, args: RunAdvanceArgs): RunAdvanceData {
  return ctx.write((tx) => {
    const run = mustGet(tx.db, args.id);
    const decision = decideAdvance(run, args);
    if (decision.kind === 'terminal') throw new RunTerminalError(decision.message);
    const { event } = decision;
    const moved = decision.kind === 'move';
    if (moved) {
      const last = event.to_phase === DEFAULT_CHAIN[DEFAULT_CHAIN.length - 1];
      const move = { phase: event.to_phase, updated_at: tx.now, ...(last && { status: RunStatus.Completed, completed_at: tx.now }) };
      // Compare-and-set: the move only happens from the phase we read.
      if (runs.update(tx.db, { id: run.id, phase: event.from_phase }, move) !== 1) throw new PhaseChangedError(run.id, event.from_phase);
    }
    recordPhaseEvent(tx, { run_id: run.id, ...event, reason: event.reason || null });
    return { advanced: moved, ...event };
  });
}

export function cancel(ctx: DbContext, args: RunCancelArgs): RunCancelData {
  return ctx.write((tx) => {
    const run = mustGet(tx.db, args.id);
    if (isTerminalRunStatus(run.status)) throw new RunTerminalError(`run already ${run.status}`);
    runs.update(tx.db, { id: run.id, status: run.status }, { status: RunStatus.Cancelled, completed_at: tx.now, updated_at: tx.now });
    recordPhaseEvent(tx, { run_id: run.id, from_phase: run.phase, to_phase: run.phase, event_type: EventType.Cancel });
    return { id: run.id, status: RunStatus.Cancelled };
  });
}

export function set(ctx: DbContext, args: RunSetArgs): RunSetData {
  const patch: Partial<RunsRow> = {};
  const said: string[] = [];
  if (args.complexity !== undefined) {
    patch.complexity = args.complexity;
    said.push(`complexity=${args.complexity}`);
  }
  if (args.auto_advance !== undefined) {
    patch.auto_advance = Number(args.auto_advance);
    said.push(`auto_advance=${args.auto_advance}`);
  }
  if (args.force_full !== undefined) {
    patch.force_full = Number(args.force_full);
    said.push(`force_full=${args.force_full}`);
  }
  return ctx.write((tx) => {
    const run = mustGet(tx.db, args.id);
    if (isTerminalRunStatus(run.status)) throw new RunTerminalError(`run already ${run.status}`);
    runs.update(tx.db, { id: run.id }, { ...patch, updated_at: tx.now });
    recordPhaseEvent(tx, { run_id: run.id, from_phase: run.phase, to_phase: run.phase, event_type: EventType.Set, reason: said.join(' ') });
    return { id: run.id, updated: true };
  });
}
