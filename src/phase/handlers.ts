// run create, advance, skip, cancel and set: the commands that change a run.
// Every mutation is one write transaction (BEGIN IMMEDIATE), so the read it
// decides on is still true when it writes, and every phase move is a
// compare-and-set on the phase it was decided from. status, phase, list and
// events are generic operations in the spec.
import { phaseEvents, runs } from '../../generated/db/tables';
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
  RunSkipArgs,
  RunSkipData,
} from '../../generated/types';
import { EventType, RunStatus, isTerminalRunStatus } from '../../generated/values';
import { type DbContext, projectDir } from '../cli/context';
import { ConflictError, NotFoundError, UsageError } from '../cli/errors';
import type { Db } from '../db/open';
import { constant } from '../db/store';
import type { Tx } from '../db/transaction';
import { recordPhaseEvent } from '../events/record';
import { evaluateGate } from '../gate/evaluate';
import { type Target, type Walk, decideAdvance, gateTierFor, lastPhase, parseChain, targetOf, walkOf } from './machine';

export class RunNotFoundError extends NotFoundError {
  constructor(id: string) {
    super(`not found: ${id}`);
    this.name = 'RunNotFoundError';
  }
}

/** Exit 1: the run is completed, cancelled or failed, or at its chain's last phase, and cannot change. */
export class RunTerminalError extends NotFoundError {
  constructor(message: string) {
    super(message);
    this.name = 'RunTerminalError';
  }
}

/** Exit 1: another move changed the run's phase between our read and our write. */
export class PhaseChangedError extends ConflictError {
  constructor(id: string, phase: string) {
    super(`phase changed: run ${id} is no longer in ${phase} (a concurrent advance moved it)`);
    this.name = 'PhaseChangedError';
  }
}

export function mustGetRun(db: Db, id: string): RunsRow {
  const run = runs.get(db, { id });
  if (!run) throw new RunNotFoundError(id);
  return run;
}

/** The phases `run skip` has marked for this run (what advance passes over). */
export function skippedPhases(db: Db, runId: string): ReadonlySet<string> {
  return new Set(phaseEvents.select(db, ['to_phase'], { run_id: runId, event_type: constant(EventType.Skip) }).map((e) => e.to_phase));
}

/** The run's next move (run advance, gate check), or exit 1 in the contract's words when it cannot move. */
export function nextMove(db: Db, run: RunsRow, walk: Walk): Extract<Target, { kind: 'move' }> {
  const target = targetOf(run, walk, skippedPhases(db, run.id));
  if (target.kind === 'terminal_status') throw new RunTerminalError('run is in a terminal status');
  if (target.kind === 'terminal_phase') throw new RunTerminalError('run is already in terminal phase');
  return target;
}

/**
 * Moves the run from the phase it was read in (compare-and-set), completing
 * it when the target is its chain's last phase.
 */
export function moveRun(tx: Tx, run: RunsRow, walk: Walk, from: string, to: string): void {
  const done = to === lastPhase(walk);
  const patch = { phase: to, updated_at: tx.now, ...(done && { status: RunStatus.Completed, completed_at: tx.now }) };
  if (runs.update(tx.db, { id: run.id, phase: from }, patch) !== 1) throw new PhaseChangedError(run.id, from);
}

export function create(ctx: DbContext, args: RunCreateArgs): RunCreateData {
  let chain: string[] | undefined;
  if (args.phases) {
    try {
      chain = parseChain(args.phases);
    } catch (err) {
      throw new UsageError(`parse phase chain: ${(err as Error).message}`);
    }
  }
  const run = runs.insert(
    ctx.db,
    {
      project_dir: projectDir(ctx, args.project),
      goal: args.goal,
      complexity: args.complexity,
      scope_id: args.scope_id,
      phases: chain && JSON.stringify(chain),
      token_budget: args.token_budget,
      budget_warn_pct: args.budget_warn_pct,
      ...(chain && { phase: chain[0] }),
    },
    ctx.now(),
  );
  return { id: run.id, phase: run.phase };
}

export function advance(ctx: DbContext, args: RunAdvanceArgs): RunAdvanceData {
  return ctx.write((tx) => {
    const run = mustGetRun(tx.db, args.id);
    const walk = walkOf(run);
    const target = nextMove(tx.db, run, walk);
    const decision = decideAdvance(run, target, args, () =>
      evaluateGate(tx.db, run, target.from_phase, target.to_phase, gateTierFor(args.priority)),
    );
    const { event } = decision;
    if (decision.moves) moveRun(tx, run, walk, event.from_phase, event.to_phase);
    recordPhaseEvent(tx, { run_id: run.id, ...event, reason: event.reason || null });
    return { advanced: decision.moves, ...event };
  });
}

export function skip(ctx: DbContext, args: RunSkipArgs): RunSkipData {
  return ctx.write((tx) => {
    const run = runs.get(tx.db, { id: args.id });
    if (!run) throw new NotFoundError('run not found');
    if (isTerminalRunStatus(run.status)) throw new RunTerminalError('run is in a terminal status');
    const { chain } = walkOf(run);
    const at = chain.indexOf(args.phase);
    if (at < 0) throw new RunTerminalError(`skip: phase "${args.phase}" not in chain`);
    if (at <= chain.indexOf(run.phase))
      throw new RunTerminalError(`skip: phase "${args.phase}" is not ahead of current phase "${run.phase}"`);
    if (at === chain.length - 1) throw new RunTerminalError(`skip: cannot skip terminal phase "${args.phase}"`);
    const reason = args.actor ? `actor=${args.actor}: ${args.reason}` : args.reason;
    recordPhaseEvent(tx, { run_id: run.id, from_phase: run.phase, to_phase: args.phase, event_type: EventType.Skip, reason });
    return { phase: args.phase, status: 'skipped' };
  });
}

export function cancel(ctx: DbContext, args: RunCancelArgs): RunCancelData {
  return ctx.write((tx) => {
    const run = mustGetRun(tx.db, args.id);
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
    const run = mustGetRun(tx.db, args.id);
    if (isTerminalRunStatus(run.status)) throw new RunTerminalError(`run already ${run.status}`);
    runs.update(tx.db, { id: run.id }, { ...patch, updated_at: tx.now });
    recordPhaseEvent(tx, { run_id: run.id, from_phase: run.phase, to_phase: run.phase, event_type: EventType.Set, reason: said.join(' ') });
    return { id: run.id, updated: true };
  });
}
