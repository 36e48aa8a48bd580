// The phase machine (src/phase/machine.ts) as tables: every phase of the
// default chain (Go v39's nine phases, walked in full whatever the
// complexity) with sets of skipped phases; custom chains of 2 to 10 phases;
// the advance decision; the gate tier; --phases parsing.
import { describe, expect, it } from 'vitest';
import type { RunsRow } from '../../generated/entities';
import { phaseChainFlag, storedChain } from '../../src/phase/chain';
import { decideAdvance, gateTierFor, targetOf, walkOf, type Gate } from '../../src/phase/machine';

// The chain written out by hand from the contract rather than derived from the code under test.
const FULL = ['brainstorm', 'brainstorm-reviewed', 'strategized', 'planned', 'executing', 'review', 'polish', 'reflect', 'done'];

type Run = Pick<RunsRow, 'id' | 'phase' | 'status' | 'complexity' | 'force_full' | 'phases'>;
const run = (phase: string, complexity: number, forceFull: boolean, phases: string[] | null = null, status = 'active'): Run => ({
  id: 'r1',
  phase,
  status: status as RunsRow['status'],
  complexity,
  force_full: forceFull ? 1 : 0,
  phases: phases && JSON.stringify(phases),
});

/**
 * The contract's step 2, independently: the next phase; while it is skipped
 * and not the last, the one after. Always an advance event.
 */
function expected(chain: string[], phase: string, skipped: Set<string>) {
  const at = chain.indexOf(phase);
  if (at === chain.length - 1) return { kind: 'terminal_phase' };
  let i = at + 1;
  while (skipped.has(chain[i]!) && i !== chain.length - 1) i++;
  return { kind: 'move', from_phase: phase, to_phase: chain[i], event_type: 'advance' };
}

const SKIP_SETS = [
  [],
  ['strategized'],
  ['brainstorm-reviewed', 'planned'],
  ['review', 'polish'],
  ['executing', 'review', 'polish', 'reflect'],
  ['done'],
];

describe('targets on the default chain: complexity × force_full × skipped phases × current phase', () => {
  const rows: [number, boolean, string[], string][] = [];
  for (const complexity of [1, 2, 3, 5])
    for (const forceFull of [false, true])
      for (const skipped of SKIP_SETS) for (const phase of FULL) rows.push([complexity, forceFull, skipped, phase]);

  it.each(rows)('complexity %i, force_full %s, skipped %j, from %s', (complexity, forceFull, skipped, phase) => {
    const r = run(phase, complexity, forceFull);
    expect(targetOf(r, walkOf(r), new Set(skipped))).toEqual(expected(FULL, phase, new Set(skipped)));
  });

  it('every complexity walks all nine phases, from brainstorm to done (Go v39)', () => {
    const walk = (c: number, f: boolean) => {
      const out = ['brainstorm'];
      for (let t = targetOf(run('brainstorm', c, f), walkOf(run('brainstorm', c, f)), new Set()); t.kind === 'move';) {
        out.push(t.to_phase);
        t = targetOf(run(t.to_phase, c, f), walkOf(run(t.to_phase, c, f)), new Set());
      }
      return out;
    };
    for (const c of [1, 2, 3, 4, 5]) expect(walk(c, false)).toEqual(FULL);
  });
});

describe('targets on custom chains of 2 to 10 phases: every phase walked, whatever the complexity', () => {
  const rows: [number, number, string[], string][] = [];
  for (let n = 2; n <= 10; n++) {
    const chain = Array.from({ length: n }, (_, i) => `p${i}`);
    const sets = [[], [chain[1]!], chain.slice(1, -1), [chain[n - 1]!], chain.filter((_, i) => i % 2 === 1)];
    for (const complexity of [1, 3]) for (const skipped of sets) for (const phase of chain) rows.push([n, complexity, skipped, phase]);
  }
  it.each(rows)('%i phases, complexity %i, skipped %j, from %s', (n, complexity, skipped, phase) => {
    const chain = Array.from({ length: n }, (_, i) => `p${i}`);
    const r = run(phase, complexity, false, chain);
    expect(targetOf(r, walkOf(r), new Set(skipped))).toEqual(expected(chain, phase, new Set(skipped)));
  });

  it('a custom chain named like the default one still walks every phase (complexity 1)', () => {
    const r = run('brainstorm', 1, false, ['brainstorm', 'brainstorm-reviewed', 'done']);
    expect(targetOf(r, walkOf(r), new Set())).toEqual({
      kind: 'move',
      from_phase: 'brainstorm',
      to_phase: 'brainstorm-reviewed',
      event_type: 'advance',
    });
  });
});

describe('refusals', () => {
  it.each(['completed', 'cancelled', 'failed'])('a %s run does not move', (status) => {
    const r = run('planned', 3, false, null, status);
    expect(targetOf(r, walkOf(r), new Set())).toEqual({ kind: 'terminal_status' });
  });

  it('a phase outside the chain is a corrupt row (exit 2); so is a stored chain that is not a JSON array of names', () => {
    const r = run('nowhere', 3, false);
    expect(() => targetOf(r, walkOf(r), new Set())).toThrow(
      expect.objectContaining({ exit: 2, message: 'run r1 is in phase "nowhere", which is not in its chain' }),
    );
    for (const stored of ['not json', '{"a":1}', '["only"]', '[1,2]']) {
      expect(() => walkOf({ ...run('a', 3, false), phases: stored })).toThrow(expect.objectContaining({ exit: 2 }));
    }
  });
});

describe('the advance decision', () => {
  const move = { from_phase: 'planned', to_phase: 'executing', event_type: 'advance' as const };
  const target = { kind: 'move' as const, ...move };
  const pass: Gate = { gate_result: 'pass', gate_tier: 'soft' };
  const evidence =
    '{"conditions":[{"check":"artifact_exists","phase":"planned","result":"fail","count":0,"detail":"no artifacts found for phase \\"planned\\""}]}';
  const fail = (tier: 'hard' | 'soft'): Gate => ({ gate_result: 'fail', gate_tier: tier, evidence });
  const never = (): Gate => {
    throw new Error('the gate must not be evaluated');
  };

  it('auto_advance off and no skip reason: a pause, the gate not evaluated', () => {
    expect(decideAdvance({ auto_advance: 0 }, target, {}, never)).toEqual({
      moves: false,
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

  it('a skip reason overrides the pause and becomes the reason; with evidence, "S | evidence"', () => {
    expect(decideAdvance({ auto_advance: 0 }, target, { skip_reason: 'hotfix' }, () => pass).event).toMatchObject({
      reason: 'hotfix',
    });
    expect(decideAdvance({ auto_advance: 1 }, target, { skip_reason: 'hotfix' }, () => fail('soft'))).toEqual({
      moves: true,
      event: { ...move, gate_result: 'fail', gate_tier: 'soft', reason: `hotfix | ${evidence}` },
    });
  });

  it('a hard failure blocks with the evidence as reason, or "gate blocked advance" without any', () => {
    expect(decideAdvance({ auto_advance: 1 }, target, {}, () => fail('hard'))).toEqual({
      moves: false,
      event: { ...move, event_type: 'block', gate_result: 'fail', gate_tier: 'hard', reason: evidence },
    });
    expect(decideAdvance({ auto_advance: 1 }, target, {}, () => ({ gate_result: 'fail', gate_tier: 'hard' })).event.reason).toBe(
      'gate blocked advance',
    );
  });

  it('a soft failure moves and records; a gate of none/none (--disable-gates, priority 4+) moves without reason', () => {
    expect(decideAdvance({ auto_advance: 1 }, target, {}, () => fail('soft'))).toMatchObject({
      moves: true,
      event: { gate_result: 'fail', gate_tier: 'soft' },
    });
    expect(decideAdvance({ auto_advance: 1 }, target, {}, () => ({ gate_result: 'none', gate_tier: 'none' }))).toEqual({
      moves: true,
      event: { ...move, gate_result: 'none', gate_tier: 'none', reason: '' },
    });
  });

  it.each([
    [-5, 'hard'],
    [0, 'hard'],
    [1, 'hard'],
    [2, 'soft'],
    [3, 'soft'],
    [4, 'none'],
    [9, 'none'],
  ])('priority %i gives gate tier %s', (priority, tier) => {
    expect(gateTierFor(priority)).toBe(tier);
  });
});

describe('a phase chain: one parse for --phases and for runs.phases', () => {
  it.each([
    ['["draft","review","done"]', ['draft', 'review', 'done']],
    ['["a","b"]', ['a', 'b']],
    [' [ "A_1" , "b-2" ] ', ['A_1', 'b-2']],
  ])('%s is a chain', (text, chain) => {
    expect(phaseChainFlag(text)).toEqual(chain);
    expect(storedChain(text, 'run r')).toEqual(chain);
  });

  it.each([
    ['["only"]', 'need at least 2 phases, got 1'],
    ['[]', 'need at least 2 phases, got 0'],
    ['["a",""]', 'invalid phase name "" (must match [a-zA-Z0-9_-]+)'],
    ['["a","b c"]', 'invalid phase name "b c" (must match [a-zA-Z0-9_-]+)'],
    ['["a","b","a"]', 'duplicate phase "a"'],
    ['{"a":1}', 'want a JSON array of phase names'],
    ['["a",2]', 'want a JSON array of phase names'],
  ])('%s is refused: %s', (text, why) => {
    expect(() => phaseChainFlag(text)).toThrow(expect.objectContaining({ exit: 3, message: `parse phase chain: ${why}` }));
    expect(() => storedChain(text, 'run r')).toThrow(expect.objectContaining({ exit: 2 }));
  });

  it("text that is not JSON is refused with the parser's reason", () => {
    expect(() => phaseChainFlag('[draft')).toThrow(/^parse phase chain: .*JSON/);
  });
});
