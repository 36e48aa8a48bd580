import { describe, expect, it } from 'vitest';
import { DEFAULT_CHAIN as PHASES } from '../../generated/phases';
import { decideAdvance, evaluateGate, gateTierFor, nextPhase, type RunState } from '../../src/phase/machine';

// The walk at each complexity, written out by hand from the contract rather
// than derived from the code under test.
const WALK: Record<string, string[]> = {
  c1: ['brainstorm', 'planned', 'executing', 'done'],
  c2: ['brainstorm', 'brainstorm-reviewed', 'planned', 'executing', 'done'],
  full: ['brainstorm', 'brainstorm-reviewed', 'strategized', 'planned', 'executing', 'review', 'polish', 'done'],
};
const walkFor = (complexity: number, forceFull: boolean): string[] =>
  forceFull || complexity >= 3 ? WALK.full! : complexity === 2 ? WALK.c2! : WALK.c1!;

/** The expected next phase from any phase: the first walked phase after it in the chain. */
function expectedNext(phase: string, walk: string[]): string | undefined {
  const at = PHASES.indexOf(phase);
  return PHASES.slice(at + 1).find((p) => walk.includes(p));
}

const active = (phase: string, complexity: number, forceFull: boolean): RunState => ({
  phase,
  status: 'active',
  complexity,
  force_full: forceFull,
  auto_advance: true,
});

describe('the state machine as a table', () => {
  const rows: [number, boolean, string, string | undefined, string | undefined][] = [];
  for (const complexity of [1, 2, 3, 4, 5]) {
    for (const forceFull of [false, true]) {
      for (const phase of PHASES) {
        const to = expectedNext(phase, walkFor(complexity, forceFull));
        const at = (x: string) => PHASES.indexOf(x);
        const type = to === undefined ? undefined : at(to) === at(phase) + 1 ? 'advance' : 'skip';
        rows.push([complexity, forceFull, phase, to, type]);
      }
    }
  }
  it.each(rows)('complexity %i, force_full %s, from %s: to %s as %s', (complexity, forceFull, phase, to, type) => {
    const d = decideAdvance(active(phase, complexity, forceFull), { priority: 4, disable_gates: false });
    if (to === undefined) {
      expect(d).toEqual({ kind: 'terminal', message: 'run already in phase done' });
    } else {
      expect(d).toEqual({
        kind: 'move',
        event: { from_phase: phase, to_phase: to, event_type: type, gate_result: 'pass', gate_tier: 'none', reason: '' },
      });
    }
  });

  it('the walks named in the contract', () => {
    const walk = (c: number, f: boolean) => {
      const out = ['brainstorm'];
      for (let p: string | undefined = 'brainstorm'; (p = nextPhase(p, c, f));) out.push(p);
      return out;
    };
    expect(walk(1, false)).toEqual(WALK.c1);
    expect(walk(2, false)).toEqual(WALK.c2);
    for (const c of [3, 4, 5]) expect(walk(c, false)).toEqual(WALK.full);
    for (const c of [1, 2]) expect(walk(c, true)).toEqual(WALK.full);
  });
});

describe('advance decisions', () => {
  it('pauses when auto_advance is off', () => {
    const d = decideAdvance({ ...active('planned', 3, false), auto_advance: false }, { priority: 4, disable_gates: false });
    expect(d).toEqual({
      kind: 'pause',
      event: {
        from_phase: 'planned',
        to_phase: 'executing',
        event_type: 'pause',
        gate_result: 'none',
        gate_tier: 'none',
        reason: 'auto_advance disabled',
      },
    });
  });

  it('a skip reason overrides the pause and becomes the reason', () => {
    const d = decideAdvance(
      { ...active('planned', 3, false), auto_advance: false },
      { priority: 4, disable_gates: false, skip_reason: 'hotfix' },
    );
    expect(d).toEqual({
      kind: 'move',
      event: {
        from_phase: 'planned',
        to_phase: 'executing',
        event_type: 'advance',
        gate_result: 'pass',
        gate_tier: 'none',
        reason: 'hotfix',
      },
    });
  });

  it.each([
    [0, 'hard'],
    [1, 'hard'],
    [2, 'soft'],
    [3, 'soft'],
    [4, 'none'],
    [9, 'none'],
  ])('priority %i gives gate tier %s, and the gate passes', (priority, tier) => {
    expect(gateTierFor(priority)).toBe(tier);
    expect(evaluateGate(priority, false)).toEqual({ gate_result: 'pass', gate_tier: tier });
  });

  it('--disable-gates: result none, tier none, whatever the priority', () => {
    expect(evaluateGate(0, true)).toEqual({ gate_result: 'none', gate_tier: 'none' });
    expect(decideAdvance(active('brainstorm', 3, false), { priority: 0, disable_gates: true })).toMatchObject({
      event: { gate_result: 'none', gate_tier: 'none' },
    });
  });

  it.each(['completed', 'cancelled', 'failed'])('a %s run does not advance', (status) => {
    expect(decideAdvance({ ...active('planned', 3, false), status }, { priority: 4, disable_gates: false })).toEqual({
      kind: 'terminal',
      message: `run already ${status}`,
    });
  });
});
