// run create, advance, skip, cancel and set: the commands that change a run.
// Every mutation is one write transaction (BEGIN IMMEDIATE), so the read it
// decides on is still true when it writes, and every phase move is a
// compare-and-set on the phase it was decided from. status, phase, list and
// events are generic operations in the spec.
import {
  cancelRun,
  countActiveAgents,
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
import { resolve } from 'node:path';
import { addActions, resolvedActions } from '../action/store';
import { type DbContext, projectDir } from '../cli/context';
import { FailureError, UsageError } from '../cli/errors';
import { type Delegation, resolveDelegation } from '../config/autonomy';
import { readSmallFile } from '../fs/read';
import { evaluateGate } from '../gate/evaluate';
import { createPortfolio } from '../portfolio/create';
import { calibrationOf, recordStaleCalibration } from '../gate/calibration-io';
import { type RunRules, builtInCheckNames, checkRulesForChain, readRunRules, runRulesJson } from '../gate/rules';
import type { Db } from '../db/open';
import type { Tx } from '../db/transaction';
import { recordPhaseEvent, replayInput } from '../events/record';
import { noteRunAdvance } from '../goal/activity';
import { chainJson, declaredChain } from './chain';
import { MetadataError, canonicalJson, checkRuntimeRun, mergeMetadata, runtimeEvidenceFor } from './metadata';
import { afterMove } from './moved';
import { refusal } from './refusals';
import { type Target, type Walk, decideAdvance, lastPhase, nextPhase, targetOf, walkOf } from './machine';

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

/** --gates-file: the rules in a file (relative to the working directory), read whole, at most 1 MiB. */
function gatesFile(ctx: Pick<DbContext, 'cwd'>, path: string): RunRules {
  let text: string | undefined;
  try {
    text = readSmallFile(resolve(ctx.cwd, path), 1024 * 1024);
  } catch (err) {
    throw new FailureError(`read gates file ${path}: ${(err as Error).message}`);
  }
  if (text === undefined) throw new FailureError(`read gates file ${path}: no such file`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`parse gate rules: ${path}: not JSON (${(err as Error).message})`);
  }
  const rules = readRunRules(value);
  if (typeof rules === 'string') throw new UsageError(`parse gate rules: ${path}: ${rules}`);
  return rules;
}

export function create(ctx: DbContext, args: RunCreateArgs): RunCreateData {
  // Everything is checked before the transaction: a bad flag leaves nothing behind.
  if (args.gates !== undefined && args.gates_file) throw new UsageError('--gates and --gates-file are mutually exclusive');
  const rules = args.gates ?? (args.gates_file ? gatesFile(ctx, args.gates_file) : undefined);
  const chain = args.phases ?? declaredChain(DEFAULT_CHAIN);
  if (rules) {
    const why = checkRulesForChain(chain, rules);
    if (why) throw new UsageError(`validate gate rules: ${why}`);
  }
  if (args.projects) return createPortfolio(ctx, args, chain, rules);
  for (const a of args.actions ?? [])
    if (!chain.includes(a.phase)) throw new UsageError(`--actions: phase "${a.phase}" is not in the run's chain (${chain.join(', ')})`);
  const project = projectDir(ctx, args.project);
  if (args.metadata !== undefined) checkRuntimeRun(project, chain, args.metadata);
  return ctx.write((tx) => {
    // The declared delegation level gives the auto_advance of a new run (run set --auto-advance overrides it later).
    const delegation = resolveDelegation(tx.db, tx.now);
    const run = insertRun(tx.db, {
      project_dir: project,
      goal: args.goal,
      phase: chain[0]!,
      complexity: args.complexity,
      auto_advance: delegation.derives_auto_advance,
      scope_id: args.scope_id,
      metadata: args.metadata,
      phases: args.phases && chainJson(args.phases),
      token_budget: args.token_budget,
      budget_warn_pct: args.budget_warn_pct,
      goal_id: args.goal_id || null,
      max_dispatches: args.max_dispatches,
      budget_enforce: args.budget_enforce,
      max_agents: args.max_agents,
      gate_rules: rules ? runRulesJson(rules) : null,
      now: tx.now,
    })!;
    if (args.actions) addActions(tx.db, run.id, args.actions, tx.now);
    // Go records the generated id as the run's first replay input.
    replayInput(tx, run.id, 'random', 'run_id', JSON.stringify({ generated_id: run.id }), 'run_create', null);
    return { id: run.id, phase: run.phase };
  });
}

export function advance(ctx: DbContext, args: RunAdvanceArgs): RunAdvanceData {
  // The calibration file is read before the transaction: a bad one is exit 2 with nothing written.
  const calibration = calibrationOf(ctx, args.calibration_file);
  return ctx.write((tx) => {
    const run = mustGetRun(tx.db, args.id);
    recordStaleCalibration(tx, calibration, run);
    const walk = walkOf(run);
    const target = nextMove(tx.db, run, walk);
    const { from_phase, to_phase } = target;
    const gate = { priority: args.priority, disabled: args.disable_gates, calibration, now: tx.now };
    const decision = decideAdvance(run, target, args, () => evaluateGate(tx.db, run, from_phase, to_phase, gate));
    const { event } = decision;
    if (decision.moves) moveRun(tx, run, walk, from_phase, to_phase);
    recordPhaseEvent(tx, { run_id: run.id, ...event, reason: event.reason || null });
    if (!decision.moves) return { advanced: false, ...event };
    afterMove(tx, { run, from_phase, to_phase, event_type: event.event_type, completed: to_phase === lastPhase(walk) });
    // What the run meets in the phase it entered: its actions, its active agents, the built-in checks of its next move.
    const actions = resolvedActions(tx.db, run, to_phase);
    const following = nextPhase(to_phase, walk);
    const requirements = following === undefined ? undefined : builtInCheckNames(to_phase, following);
    return {
      advanced: true,
      ...event,
      ...(actions.length > 0 && { actions }),
      active_agent_count: countActiveAgents(tx.db, { run_id: run.id })!.n,
      ...(requirements && requirements.length > 0 && { next_gate_requirements: requirements }),
    };
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

/** The record of an --auto-advance that differs from what the delegation level implies (metadata.autonomy_override, a key the kernel owns). */
function autonomyOverride(merge: string | undefined, autoAdvance: boolean, d: Delegation, now: number): string {
  const doc = merge ? (JSON.parse(merge) as Record<string, unknown>) : {};
  doc.autonomy_override = {
    auto_advance: autoAdvance,
    implied_by_level: d.derives_auto_advance,
    delegation_level: d.level,
    delegation_name: d.name,
    delegation_declared: d.declared,
    delegation_source: d.source,
    recorded_at: now,
  };
  return canonicalJson(doc);
}

export function set(ctx: DbContext, args: RunSetArgs): RunSetData {
  // What the set event says changed, in this order.
  const said = [
    args.complexity !== undefined && `complexity=${args.complexity}`,
    args.auto_advance !== undefined && `auto_advance=${args.auto_advance}`,
    args.force_full !== undefined && `force_full=${args.force_full}`,
    args.max_dispatches !== undefined && `max_dispatches=${args.max_dispatches}`,
    args.metadata_merge !== undefined && 'metadata',
  ].filter(Boolean);
  let diverged: Delegation | undefined;
  const result = ctx.write((tx) => {
    const run = mustGetRun(tx.db, args.id);
    if (isTerminalRunStatus(run.status)) throw refusal.alreadyEnded(run.status);
    if (args.max_dispatches !== undefined && run.project_dir !== '')
      throw new UsageError('--max-dispatches is only valid for portfolio runs');
    let merge = args.metadata_merge;
    if (args.auto_advance !== undefined) {
      const d = resolveDelegation(tx.db, tx.now);
      if (args.auto_advance !== d.derives_auto_advance) {
        diverged = d;
        merge = autonomyOverride(merge, args.auto_advance, d, tx.now);
      }
    }
    let metadata: string | null = null;
    if (merge !== undefined) {
      metadata = mergeMetadata(run.metadata, merge);
      const walk = walkOf(run);
      checkRuntimeRun(run.project_dir, walk.chain, metadata);
      if (runtimeEvidenceFor(metadata).required && run.phase === lastPhase(walk))
        throw new MetadataError('cannot activate runtime evidence on a terminal run');
    }
    setRunSettings(tx.db, {
      id: run.id,
      complexity: args.complexity ?? null,
      auto_advance: args.auto_advance ?? null,
      force_full: args.force_full ?? null,
      max_dispatches: args.max_dispatches ?? null,
      metadata,
      now: tx.now,
    });
    recordPhaseEvent(tx, { run_id: run.id, from_phase: run.phase, to_phase: run.phase, event_type: EventType.Set, reason: said.join(' ') });
    return { id: run.id, updated: true };
  });
  if (diverged && args.auto_advance !== undefined) {
    ctx.stderr(
      `note: auto_advance=${args.auto_advance} overrides the L${diverged.level} default (${diverged.derives_auto_advance}) — run no longer matches the declared delegation level`,
    );
    ctx.stderr('      recorded on the run as metadata.autonomy_override');
  }
  return result;
}
