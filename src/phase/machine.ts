// The phase state machine as pure functions: which phases a run walks, where
// an advance goes, and what its gate says. The names (the chain, the walks,
// the statuses) are spec data in generated/; this file holds only the
// algorithm. The database steps live in handlers.ts; nothing here reads or
// writes.
import { COMPLEXITY_WALKS, DEFAULT_CHAIN } from '../../generated/phases';
import { EventType, GateResult, GateTier, isTerminalRunStatus } from '../../generated/values';

/** Whether a run at this complexity walks the phase (force_full walks every one). */
export function isWalked(phase: string, complexity: number, forceFull: boolean): boolean {
  if (forceFull) return true;
  const walk = COMPLEXITY_WALKS[complexity];
  return walk === undefined || walk.includes(phase);
}

/**
 * The next phase walked after `phase`, or undefined at the end of the chain.
 * A phase the run is in but would not walk (its complexity changed) still
 * moves forward along the chain.
 */
export function nextPhase(
  phase: string,
  complexity: number,
  forceFull: boolean,
  chain: readonly string[] = DEFAULT_CHAIN,
): string | undefined {
  const from = chain.indexOf(phase);
  if (from < 0) return undefined;
  return chain.slice(from + 1).find((p) => isWalked(p, complexity, forceFull));
}

/** A move that passes over phases is a skip; a move to the direct successor is an advance. */
export function eventTypeFor(from: string, to: string, chain: readonly string[] = DEFAULT_CHAIN): EventType {
  return chain.indexOf(to) === chain.indexOf(from) + 1 ? EventType.Advance : EventType.Skip;
}

export function gateTierFor(priority: number): GateTier {
  if (priority <= 1) return GateTier.Hard;
  if (priority <= 3) return GateTier.Soft;
  return GateTier.None;
}

/** In v4 every evaluated gate passes; disabled gates are not evaluated. */
export function evaluateGate(priority: number, disableGates: boolean): { gate_result: GateResult; gate_tier: GateTier } {
  if (disableGates) return { gate_result: GateResult.None, gate_tier: GateTier.None };
  return { gate_result: GateResult.Pass, gate_tier: gateTierFor(priority) };
}

/** The fields of a run an advance decides on (a runs row has them all). */
export interface RunState {
  phase: string;
  status: string;
  complexity: number;
  force_full: number | boolean;
  auto_advance: number | boolean;
}

export interface AdvanceOptions {
  priority: number;
  disable_gates: boolean;
  skip_reason?: string;
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

/** What one advance should do, decided from the run as read. */
export type AdvanceDecision = { kind: 'terminal'; message: string } | { kind: 'move' | 'pause' | 'block'; event: AdvanceEvent };

export function decideAdvance(run: RunState, options: AdvanceOptions): AdvanceDecision {
  if (isTerminalRunStatus(run.status)) return { kind: 'terminal', message: `run already ${run.status}` };
  const to = nextPhase(run.phase, run.complexity, !!run.force_full);
  if (to === undefined) return { kind: 'terminal', message: `run already in phase ${run.phase}` };
  const from = run.phase;
  // A skip reason is an explicit instruction to move, so it overrides the pause.
  if (!run.auto_advance && !options.skip_reason) {
    const event = { from_phase: from, to_phase: to, event_type: EventType.Pause, gate_result: GateResult.None, gate_tier: GateTier.None };
    return { kind: 'pause', event: { ...event, reason: 'auto_advance disabled' } };
  }
  const gate = evaluateGate(options.priority, options.disable_gates);
  if (gate.gate_result === GateResult.Fail && gate.gate_tier === GateTier.Hard) {
    return { kind: 'block', event: { from_phase: from, to_phase: to, event_type: EventType.Block, ...gate, reason: 'gate failed' } };
  }
  return {
    kind: 'move',
    event: { from_phase: from, to_phase: to, event_type: eventTypeFor(from, to), ...gate, reason: options.skip_reason ?? '' },
  };
}
