// run create, advance, cancel and set: the commands that move a run. Every
// mutation is one BEGIN IMMEDIATE transaction, so the read it decides on is
// still true when it writes. status, phase, list and events are generic
// operations in the spec.
import { PhaseEventsStore, RunsStore } from '../../generated/stores';
import type { RunsRow } from '../../generated/entities';
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
import { type CommandContext, projectDir } from '../cli/context';
import { ConflictError, NotFoundError } from '../cli/errors';
import type { Outcome } from '../cli/outcome';
import type { Db } from '../db/open';
import { TERMINAL_STATUSES, decideAdvance } from './machine';

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
  const run = new RunsStore(db).get({ id });
  if (!run) throw new RunNotFoundError(id);
  return run;
}

export function create(ctx: CommandContext, args: RunCreateArgs): Outcome<RunCreateData> {
  const run = new RunsStore(ctx.db).insert(
    { project_dir: projectDir(ctx, args.project), goal: args.goal, complexity: args.complexity, scope_id: args.scope_id },
    ctx.now(),
  );
  return { data: { id: run.id, phase: run.phase } };
}

export function advance(ctx: CommandContext, args: RunAdvanceArgs): Outcome<RunAdvanceData> {
  const db = ctx.db;
  const now = ctx.now();
  const step = db.transaction((): Outcome<RunAdvanceData> => {
    const run = mustGet(db, args.id);
    const decision = decideAdvance(
      { phase: run.phase, status: run.status, complexity: run.complexity, force_full: !!run.force_full, auto_advance: !!run.auto_advance },
      { priority: args.priority, disableGates: args.disable_gates, skipReason: args.skip_reason },
    );
    if (decision.kind === 'terminal') throw new RunTerminalError(decision.message);
    const moved = decision.kind === 'move';
    if (moved) {
      // Optimistic concurrency: the move only happens from the phase we read.
      const done = decision.to === 'done';
      const changes = db
        .prepare(
          `UPDATE runs SET phase = ?, updated_at = ?${done ? ", status = 'completed', completed_at = ?" : ''} WHERE id = ? AND phase = ?`,
        )
        .run(...(done ? [decision.to, now, now] : [decision.to, now]), run.id, decision.from).changes;
      if (changes !== 1) throw new PhaseChangedError(run.id, decision.from);
    }
    new PhaseEventsStore(db).insert(
      {
        run_id: run.id,
        from_phase: decision.from,
        to_phase: decision.to,
        event_type: decision.eventType,
        gate_result: decision.gateResult,
        gate_tier: decision.gateTier,
        reason: decision.reason || null,
      },
      now,
    );
    return {
      exit: moved ? 0 : 1,
      data: {
        advanced: moved,
        event_type: decision.eventType,
        from_phase: decision.from,
        gate_result: decision.gateResult,
        gate_tier: decision.gateTier,
        reason: decision.reason,
        to_phase: decision.to,
      },
    };
  });
  return step.immediate();
}

export function cancel(ctx: CommandContext, args: RunCancelArgs): Outcome<RunCancelData> {
  const db = ctx.db;
  const now = ctx.now();
  const step = db.transaction((): Outcome<RunCancelData> => {
    const run = mustGet(db, args.id);
    if (TERMINAL_STATUSES.has(run.status)) throw new RunTerminalError(`run already ${run.status}`);
    new RunsStore(db).update({ id: run.id }, { status: 'cancelled', completed_at: now, updated_at: now });
    new PhaseEventsStore(db).insert({ run_id: run.id, from_phase: run.phase, to_phase: run.phase, event_type: 'cancel' }, now);
    return { data: { id: run.id, status: 'cancelled' } };
  });
  return step.immediate();
}

export function set(ctx: CommandContext, args: RunSetArgs): Outcome<RunSetData> {
  const db = ctx.db;
  const now = ctx.now();
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
  const step = db.transaction((): Outcome<RunSetData> => {
    const run = mustGet(db, args.id);
    if (TERMINAL_STATUSES.has(run.status)) throw new RunTerminalError(`run already ${run.status}`);
    new RunsStore(db).update({ id: run.id }, { ...patch, updated_at: now });
    new PhaseEventsStore(db).insert(
      { run_id: run.id, from_phase: run.phase, to_phase: run.phase, event_type: 'set', reason: said.join(' ') },
      now,
    );
    return { data: { id: run.id, updated: true } };
  });
  return step.immediate();
}
