// The phase state machine as pure functions: which phases a run walks, where
// an advance goes, and what its gate says. The database steps live in
// handlers.ts; nothing here reads or writes.

export const PHASES = ['brainstorm', 'brainstorm-reviewed', 'strategized', 'planned', 'executing', 'review', 'polish', 'done'] as const;
export type Phase = (typeof PHASES)[number];

export const TERMINAL_STATUSES: ReadonlySet<string> = new Set(['completed', 'cancelled', 'failed']);

/** Phases walked at complexity 1; 2 adds brainstorm-reviewed; 3 to 5 walk all. */
const COMPLEXITY_1: ReadonlySet<string> = new Set(['brainstorm', 'planned', 'executing', 'done']);

export function isWalked(phase: string, complexity: number, forceFull: boolean): boolean {
  if (forceFull || complexity >= 3) return true;
  if (complexity === 2 && phase === 'brainstorm-reviewed') return true;
  return COMPLEXITY_1.has(phase);
}

/**
 * The next phase walked after `phase`, or undefined at the end of the chain.
 * A phase the run is in but would not walk (its complexity changed) still
 * moves forward along the chain.
 */
export function nextPhase(phase: string, complexity: number, forceFull: boolean): Phase | undefined {
  const from = PHASES.indexOf(phase as Phase);
  if (from < 0) return undefined;
  return PHASES.slice(from + 1).find((p) => isWalked(p, complexity, forceFull));
}

/** A move that passes over phases is a skip; a move to the direct successor is an advance. */
export function eventTypeFor(from: string, to: string): 'advance' | 'skip' {
  return PHASES.indexOf(to as Phase) === PHASES.indexOf(from as Phase) + 1 ? 'advance' : 'skip';
}

export type GateTier = 'hard' | 'soft' | 'none';
export type GateResult = 'pass' | 'fail' | 'warn' | 'none';

export function gateTierFor(priority: number): GateTier {
  if (priority <= 1) return 'hard';
  if (priority <= 3) return 'soft';
  return 'none';
}

/** In v4 every evaluated gate passes; disabled gates are not evaluated. */
export function evaluateGate(priority: number, disableGates: boolean): { result: GateResult; tier: GateTier } {
  if (disableGates) return { result: 'none', tier: 'none' };
  return { result: 'pass', tier: gateTierFor(priority) };
}

export interface RunState {
  phase: string;
  status: string;
  complexity: number;
  force_full: boolean;
  auto_advance: boolean;
}

export interface AdvanceOptions {
  priority: number;
  disableGates: boolean;
  skipReason?: string;
}

/** What one advance should do, decided from the run as read. */
export type AdvanceDecision =
  | { kind: 'terminal'; message: string }
  | {
      kind: 'move' | 'pause' | 'block';
      from: string;
      to: string;
      eventType: 'advance' | 'skip' | 'pause' | 'block';
      gateResult: GateResult;
      gateTier: GateTier;
      reason: string;
    };

export function decideAdvance(run: RunState, options: AdvanceOptions): AdvanceDecision {
  if (TERMINAL_STATUSES.has(run.status)) return { kind: 'terminal', message: `run already ${run.status}` };
  const to = nextPhase(run.phase, run.complexity, run.force_full);
  if (to === undefined) return { kind: 'terminal', message: `run already in phase ${run.phase}` };
  const from = run.phase;
  // A skip reason is an explicit instruction to move, so it overrides the pause.
  if (!run.auto_advance && !options.skipReason) {
    return { kind: 'pause', from, to, eventType: 'pause', gateResult: 'none', gateTier: 'none', reason: 'auto_advance disabled' };
  }
  const gate = evaluateGate(options.priority, options.disableGates);
  if (gate.result === 'fail' && gate.tier === 'hard') {
    return { kind: 'block', from, to, eventType: 'block', gateResult: gate.result, gateTier: gate.tier, reason: 'gate failed' };
  }
  return {
    kind: 'move',
    from,
    to,
    eventType: eventTypeFor(from, to),
    gateResult: gate.result,
    gateTier: gate.tier,
    reason: options.skipReason ?? '',
  };
}
