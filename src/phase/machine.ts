// The phase state machine as pure functions: which chain a run walks, where
// an advance goes, and what the move records. The names (the default chain,
// the complexity walks, the statuses, the event types) are spec data in
// generated/; this file holds only the algorithm. The database steps live in
// handlers.ts and src/gate/; nothing here reads or writes.
import type { RunsRow } from '../../generated/entities';
import { COMPLEXITY_WALKS, DEFAULT_CHAIN } from '../../generated/phases';
import { EventType, GateResult, GateTier, isTerminalRunStatus } from '../../generated/values';
import { FailureError } from '../cli/errors';
import { type PhaseChain, declaredChain, storedChain } from './chain';

/** The chain a run walks and how: every phase of its own chain, or the default chain's phases its complexity selects. */
export interface Walk {
  chain: PhaseChain;
  /** A chain of the run's own: complexity does not change the walk. */
  custom: boolean;
  complexity: number;
  forceFull: boolean;
}

type RunFields = Pick<RunsRow, 'id' | 'phase' | 'status' | 'complexity' | 'force_full' | 'phases'>;

/** The walk of a run as stored. A stored chain that does not read back is an error (exit 2). */
export function walkOf(run: RunFields): Walk {
  const base = { complexity: run.complexity, forceFull: !!run.force_full };
  if (run.phases == null) return { chain: declaredChain(DEFAULT_CHAIN), custom: false, ...base };
  return { chain: storedChain(run.phases, `run ${run.id}`), custom: true, ...base };
}

/** Whether the walk passes through the phase: every phase of a custom chain; on the default chain, the complexity's. */
export function isWalked(phase: string, walk: Walk): boolean {
  if (walk.custom || walk.forceFull) return true;
  const phases = COMPLEXITY_WALKS[walk.complexity];
  return phases === undefined || phases.includes(phase);
}

/**
 * The next phase walked after `phase`, or undefined at the end of the chain.
 * A phase the run is in but would not walk (its complexity changed) still
 * moves forward along the chain.
 */
export function nextPhase(phase: string, walk: Walk): string | undefined {
  const from = walk.chain.indexOf(phase);
  if (from < 0) return undefined;
  return walk.chain.slice(from + 1).find((p) => isWalked(p, walk));
}

/** The last phase of the walk's chain: reaching it completes the run. */
export const lastPhase = (walk: Walk): string => walk.chain[walk.chain.length - 1]!;

/** Where the run's next move goes, or why it cannot move. */
export type Target =
  { kind: 'terminal_status' } | { kind: 'terminal_phase' } | { kind: 'move'; from_phase: string; to_phase: string; event_type: EventType };

/**
 * The target of the next move: the next walked phase, passing over phases
 * marked with `run skip` (never the last one, which is always reachable). On
 * the default chain a move the complexity walk makes past phases is a `skip`
 * event, as in v4; passing over skipped phases alone is an `advance`.
 */
export function targetOf(run: RunFields, walk: Walk, skipped: ReadonlySet<string>): Target {
  if (isTerminalRunStatus(run.status)) return { kind: 'terminal_status' };
  const at = walk.chain.indexOf(run.phase);
  if (at < 0) throw new FailureError(`run ${run.id} is in phase "${run.phase}", which is not in its chain`);
  if (at === walk.chain.length - 1) return { kind: 'terminal_phase' };
  const first = nextPhase(run.phase, walk)!;
  let to = first;
  while (skipped.has(to) && to !== lastPhase(walk)) to = nextPhase(to, walk)!;
  const passedByComplexity = !walk.custom && first !== walk.chain[at + 1];
  return { kind: 'move', from_phase: run.phase, to_phase: to, event_type: passedByComplexity ? EventType.Skip : EventType.Advance };
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
  disable_gates: boolean;
  skip_reason?: string;
}

/** What one advance does: move, or record a pause or a block without moving. */
export interface AdvanceDecision {
  moves: boolean;
  event: AdvanceEvent;
}

/**
 * The contract's steps 3 to 6, decided from the run as read and its target.
 * The gate is only evaluated (`gate()`) when the run is not paused.
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
  const { gate_result, gate_tier, evidence } = options.disable_gates ? { gate_result: GateResult.None, gate_tier: GateTier.None } : gate();
  const reason = [options.skip_reason, evidence].filter(Boolean).join(' | ');
  if (gate_result === GateResult.Fail && gate_tier === GateTier.Hard) {
    const event = { from_phase, to_phase, event_type: EventType.Block, gate_result, gate_tier };
    return { moves: false, event: { ...event, reason: reason || 'gate blocked advance' } };
  }
  return { moves: true, event: { from_phase, to_phase, event_type: target.event_type, gate_result, gate_tier, reason } };
}
