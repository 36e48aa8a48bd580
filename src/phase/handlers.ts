// run create, advance, skip, cancel and set: the commands that change a run.
// Every mutation is one write transaction (BEGIN IMMEDIATE), so the read it
// decides on is still true when it writes, and every phase move is a
// compare-and-set on the phase it was decided from. status, phase, list and
// events are generic operations in the spec.
import {
  cancelRun,
  getRun,
  insertRun,
  moveRun as moveRunQuery,
  moveRunToEnd,
  setRunSettings,
  skippedPhases as skippedPhasesQuery,
} from '../../generated/db/queries/run';
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
import { DEFAULT_CHAIN } from '../../generated/phases';
import { EventType, RunStatus, isTerminalRunStatus } from '../../generated/values';
import { type DbContext, projectDir } from '../cli/context';
import type { Db } from '../db/open';
import type { Tx } from '../db/transaction';
import { recordPhaseEvent } from '../events/record';
import { noteRunAdvance } from '../goal/activity';
import { chainJson } from './chain';
import { refusal } from './refusals';
import { evaluateGate } from '../gate/evaluate';
import { type Target, type Walk, decideAdvance, gateTierFor, lastPhase, targetOf, walkOf } from './machine';

export { PhaseChangedError, RunNotFoundError, RunTerminalError } from './refusals';

export function mustGetRun(db: Db, id: string): RunsRow {
  const run = getRun(db, { id });
  if (!run) throw refusal.notFound(id);
  return run;
}

/** The phases `run skip` has marked for this run (what advance passes over). */
export function skippedPhases(db: Db, runId: string): ReadonlySet<string> {
  return new Set(skippedPhasesQuery(db, { run_id: runId }).map((e) => e.to_phase));
}

/** The run's next move (run advance, gate check), or exit 1 in the contract's words when it cannot move. */
export function nextMove(db: Db, run: RunsRow, walk: Walk): Extract<Target, { kind: 'move' }> {
  const target = targetOf(run, walk, skippedPhases(db, run.id));
  if (target.kind === 'terminal_status') throw refusal.terminalStatus();
  if (target.kind === 'terminal_phase') throw refusal.terminalPhase();
  return target;
}

/**
 * Moves the run from the phase it was read in (compare-and-set), completing
 * it when the target is its chain's last phase.
 */
export function moveRun(tx: Tx, run: RunsRow, walk: Walk, from: string, to: string): void {
  const move = to === lastPhase(walk) ? moveRunToEnd : moveRunQuery;
  if (move(tx.db, { id: run.id, from_phase: from, to_phase: to, now: tx.now }) !== 1) throw refusal.phaseChanged(run.id, from);
  noteRunAdvance(tx, run);
}

export function create(ctx: DbContext, args: RunCreateArgs): RunCreateData {
  const chain = args.phases;
  const run = insertRun(ctx.db, {
    project_dir: projectDir(ctx, args.project),
    goal: args.goal,
    phase: chain ? chain[0]! : DEFAULT_CHAIN[0]!,
    complexity: args.complexity,
    scope_id: args.scope_id,
    phases: chain && chainJson(chain),
    token_budget: args.token_budget,
    budget_warn_pct: args.budget_warn_pct,
    goal_id: args.goal_id,
    now: ctx.now(),
  })!;
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
    const run = getRun(tx.db, { id: args.id });
    if (!run) throw refusal.runNotFound();
    if (isTerminalRunStatus(run.status)) throw refusal.terminalStatus();
    const { chain } = walkOf(run);
    const at = chain.indexOf(args.phase);
    if (at < 0) throw refusal.skipNotInChain(args.phase);
    if (at <= chain.indexOf(run.phase)) throw refusal.skipNotAhead(args.phase, run.phase);
    if (at === chain.length - 1) throw refusal.skipLast(args.phase);
    const reason = args.actor ? `actor=${args.actor}: ${args.reason}` : args.reason;
    recordPhaseEvent(tx, { run_id: run.id, from_phase: run.phase, to_phase: args.phase, event_type: EventType.Skip, reason });
    return { phase: args.phase, status: 'skipped' };
  });
}

export function cancel(ctx: DbContext, args: RunCancelArgs): RunCancelData {
  return ctx.write((tx) => {
    const run = mustGetRun(tx.db, args.id);
    if (isTerminalRunStatus(run.status)) throw refusal.alreadyEnded(run.status);
    cancelRun(tx.db, { id: run.id, status: run.status, now: tx.now });
    recordPhaseEvent(tx, { run_id: run.id, from_phase: run.phase, to_phase: run.phase, event_type: EventType.Cancel });
    return { id: run.id, status: RunStatus.Cancelled };
  });
}

export function set(ctx: DbContext, args: RunSetArgs): RunSetData {
  // What the set event says changed, in this order.
  const said = [
    args.complexity !== undefined && `complexity=${args.complexity}`,
    args.auto_advance !== undefined && `auto_advance=${args.auto_advance}`,
    args.force_full !== undefined && `force_full=${args.force_full}`,
  ].filter(Boolean);
  return ctx.write((tx) => {
    const run = mustGetRun(tx.db, args.id);
    if (isTerminalRunStatus(run.status)) throw refusal.alreadyEnded(run.status);
    setRunSettings(tx.db, {
      id: run.id,
      complexity: args.complexity ?? null,
      auto_advance: args.auto_advance ?? null,
      force_full: args.force_full ?? null,
      now: tx.now,
    });
    recordPhaseEvent(tx, { run_id: run.id, from_phase: run.phase, to_phase: run.phase, event_type: EventType.Set, reason: said.join(' ') });
    return { id: run.id, updated: true };
  });
}
