// run rollback: a run sent back to an earlier phase of its chain (the
// workflow layer), or the list of what its phases produced (the code layer).
// Unlike Go, which commits the phase move and then marks artifacts, cancels
// dispatches and fails agents in separate transactions, everything a
// rollback changes is one write transaction (BEGIN IMMEDIATE): a crash or a
// busy database leaves the run as it was or wholly rolled back. The event
// hooks hear of it after the commit (`notify: true`).
import {
  activeRunDispatches,
  codeRollbackEntries,
  failActiveAgents,
  markArtifactsRolledBack,
  rewindRun,
} from '../../generated/db/queries/rollback';
import type { RunsRow } from '../../generated/entities';
import type { RunRollbackArgs, RunRollbackData } from '../../generated/types';
import { DispatchStatus, EventType, RunStatus } from '../../generated/values';
import type { DbContext } from '../cli/context';
import { UsageError } from '../cli/errors';
import type { Db } from '../db/open';
import { transition } from '../dispatch/lifecycle';
import { recordPhaseEvent } from '../events/record';
import { mustGetRun } from '../phase/handlers';
import { walkOf } from '../phase/machine';
import { RunTerminalError, refusal } from '../phase/refusals';
import { planRollback } from './plan';

export function rollback(ctx: DbContext, args: RunRollbackArgs): RunRollbackData {
  if (args.layer !== undefined && args.layer !== 'code')
    throw new UsageError(`unknown --layer: ${args.layer} (the layer is code; the workflow rollback takes --to-phase)`);
  if (args.layer === 'code') return { out: codeLayer(ctx.db, args) };
  if (args.format !== undefined) throw new UsageError('--format goes with --layer=code');
  if (args.to_phase === undefined || args.to_phase === '') throw new UsageError('--to-phase or --layer=code is required');
  const target = args.to_phase;
  if (args.dry_run) {
    const run = mustGetRun(ctx.db, args.id);
    const phases = planOrRefuse(run, target);
    return { out: JSON.stringify({ dry_run: true, from_phase: run.phase, rolled_back_phases: phases, to_phase: target }) };
  }
  return ctx.write((tx) => {
    const run = mustGetRun(tx.db, args.id);
    const phases = planOrRefuse(run, target);
    if (rewindRun(tx.db, { id: run.id, from_phase: run.phase, status: run.status, to_phase: target, now: tx.now }) !== 1)
      throw refusal.phaseChanged(run.id, run.phase);
    recordPhaseEvent(tx, {
      run_id: run.id,
      from_phase: run.phase,
      to_phase: target,
      event_type: EventType.Rollback,
      reason: args.reason || null,
    });
    const marked = markArtifactsRolledBack(tx.db, { run_id: run.id, phases: JSON.stringify(phases) });
    let cancelled = 0;
    for (const d of activeRunDispatches(tx.db, { run_id: run.id }))
      if (transition(tx, d, { status: DispatchStatus.Cancelled, completed_at: tx.now })) cancelled++;
    const failed = failActiveAgents(tx.db, { run_id: run.id, now: tx.now });
    return {
      out: JSON.stringify({
        cancelled_dispatches: cancelled,
        failed_agents: failed,
        from_phase: run.phase,
        marked_artifacts: marked,
        reason: args.reason ?? '',
        rolled_back_phases: phases,
        to_phase: target,
      }),
    };
  });
}

/** The phases the rollback passes back over, or the refusal (exit 1) in one line. */
function planOrRefuse(run: RunsRow, target: string): string[] {
  if (run.status === RunStatus.Cancelled || run.status === RunStatus.Failed)
    throw new RunTerminalError(`cannot roll back a ${run.status} run`);
  const plan = planRollback(walkOf(run).chain, run.phase, target);
  if (plan.kind === 'not_in_chain')
    throw new RunTerminalError(`target phase "${target}" is not in the run's chain (${plan.chain.join(', ')})`);
  if (plan.kind === 'not_behind') throw new RunTerminalError(`target phase "${target}" is not behind current phase "${run.phase}"`);
  return plan.phases;
}

/** The code layer: the run's artifacts with the dispatches that made them, as JSON (Go's null for none) or aligned text. */
function codeLayer(db: Db, args: RunRollbackArgs): string {
  if (args.format !== undefined && args.format !== 'json' && args.format !== 'text')
    throw new UsageError(`unknown --format: ${args.format} (json or text)`);
  const run = mustGetRun(db, args.id);
  const rows = codeRollbackEntries(db, { run_id: run.id, phase: args.phase || null });
  if (args.format !== 'text') {
    if (rows.length === 0) return 'null';
    return JSON.stringify(
      rows.map((r) => ({
        dispatch_id: r.dispatch_id,
        dispatch_name: r.dispatch_name,
        phase: r.phase,
        path: r.path,
        content_hash: r.content_hash,
        type: r.type,
        status: r.status,
      })),
    );
  }
  return rows
    .map((r) => {
      const hash = r.content_hash == null ? '<none>' : r.content_hash.length > 12 ? `${r.content_hash.slice(0, 12)}...` : r.content_hash;
      return [r.phase.padEnd(20), r.status.padEnd(12), (r.dispatch_name ?? '<unknown>').padEnd(20), r.path.padEnd(40), hash].join(' ');
    })
    .join('\n');
}
export { replay } from './replay';
