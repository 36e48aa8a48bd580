// The phase state machine as pure functions: which chain a run walks, where
// an advance goes, and what the move records. The names (the default chain,
// the statuses, the event types) are spec data in generated/; this file holds
// only the algorithm. The database steps live in handlers.ts and src/gate/;
// nothing here reads or writes. As in Go v39, a run walks every phase of its
// chain whatever its complexity: runs created before v7 carry the walk they
// had as their own chain (the v7 and v8 migrations stamp it).
import type { RunsRow } from '../../generated/entities';
import { DEFAULT_CHAIN } from '../../generated/phases';
import { EventType, GateResult, GateTier, isTerminalRunStatus } from '../../generated/values';
import { FailureError } from '../cli/errors';
import { type PhaseChain, declaredChain, storedChain } from './chain';

/** The chain a run walks: its own, or the default chain. */
export interface Walk {
  chain: PhaseChain;
  /** A chain of the run's own. */
  custom: boolean;
}

type RunFields = Pick<RunsRow, 'id' | 'phase' | 'status' | 'phases'>;

/** The walk of a run as stored. A stored chain that does not read back is an error (exit 2). */
export function walkOf(run: Pick<RunsRow, 'id' | 'phases'>): Walk {
  if (run.phases == null) return { chain: declaredChain(DEFAULT_CHAIN), custom: false };
  return { chain: storedChain(run.phases, `run ${run.id}`), custom: true };
}

/** The phase after `phase` in the chain, or undefined at its end (or when the phase is not in it). */
export function nextPhase(phase: string, walk: Walk): string | undefined {
  const at = walk.chain.indexOf(phase);
  return at < 0 ? undefined : walk.chain[at + 1];
}

/** The last phase of the walk's chain: reaching it completes the run. */
export const lastPhase = (walk: Walk): string => walk.chain[walk.chain.length - 1]!;

/** Where the run's next move goes, or why it cannot move. */
export type Target =
  { kind: 'terminal_status' } | { kind: 'terminal_phase' } | { kind: 'move'; from_phase: string; to_phase: string; event_type: EventType };

/**
 * The target of the next move: the next phase, passing over phases marked
 * with `run skip` (never the last one, which is always reachable).
 */
export function targetOf(run: RunFields, walk: Walk, skipped: ReadonlySet<string>): Target {
  if (isTerminalRunStatus(run.status)) return { kind: 'terminal_status' };
  const at = walk.chain.indexOf(run.phase);
  if (at < 0) throw new FailureError(`run ${run.id} is in phase "${run.phase}", which is not in its chain`);
  if (at === walk.chain.length - 1) return { kind: 'terminal_phase' };
  let to = walk.chain[at + 1]!;
  while (skipped.has(to) && to !== lastPhase(walk)) to = nextPhase(to, walk)!;
  return { kind: 'move', from_phase: run.phase, to_phase: to, event_type: EventType.Advance };
}

export function gateTierFor(priority: number): GateTier {
  if (priority <= 1) return GateTier.Hard;
  if (priority <= 3) return GateTier.Soft;
  return GateTier.None;
}

/** What a gate said about a move: its result and tier, and the evidence when rules were evaluated. */
export interface Gate {
  gate_result: GateResult;
  gate_tier: GateTier;
  /** The evidence JSON, when rules were evaluated. */
  evidence?: string;
}

/** The phase event an advance records, in the columns of its phase_events row ("" for no reason). */
export interface AdvanceEvent {
  from_phase: string;
  to_phase: string;
  event_type: EventType;
  gate_result: GateResult;
  gate_tier: GateTier;
  reason: string;
}

export interface AdvanceOptions {
  skip_reason?: string;
}

/** What one advance does: move, or record a pause or a block without moving. */
export interface AdvanceDecision {
  moves: boolean;
  event: AdvanceEvent;
}

/**
 * The contract's steps 3 to 6, decided from the run as read and its target.
 * The gate is only evaluated (`gate()`) when the run is not paused; it knows
 * the priority and --disable-gates.
 */
export function decideAdvance(
  run: Pick<RunsRow, 'auto_advance'>,
  target: Extract<Target, { kind: 'move' }>,
  options: AdvanceOptions,
  gate: () => Gate,
): AdvanceDecision {
  const { from_phase, to_phase } = target;
  // A skip reason is an explicit instruction to move, so it overrides the pause.
  if (!run.auto_advance && !options.skip_reason) {
    const event = { from_phase, to_phase, event_type: EventType.Pause, gate_result: GateResult.None, gate_tier: GateTier.None };
    return { moves: false, event: { ...event, reason: 'auto_advance disabled' } };
  }
  // The gate decides what --disable-gates means (a close gate requiring runtime evidence ignores it).
  const { gate_result, gate_tier, evidence } = gate();
  const reason = [options.skip_reason, evidence].filter(Boolean).join(' | ');
  if (gate_result === GateResult.Fail && gate_tier === GateTier.Hard) {
    const event = { from_phase, to_phase, event_type: EventType.Block, gate_result, gate_tier };
    return { moves: false, event: { ...event, reason: reason || 'gate blocked advance' } };
  }
  return { moves: true, event: { from_phase, to_phase, event_type: target.event_type, gate_result, gate_tier, reason } };
}
