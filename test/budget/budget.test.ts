import { describe, expect, it } from 'vitest';
import { budgetStatus } from '../../src/budget/budget';

const none = { hasBudget: false, threshold: null, usagePct: null, warning: false, exceeded: false };

describe('budgetStatus', () => {
  it.each([null, undefined, 0, -1, -100000, 0n, -5n])('no budget (%s): neither condition', (budget) => {
    expect(budgetStatus({ used: 10 ** 9, budget, warnPct: 80 })).toEqual(none);
  });

  // [budget, pct, used, threshold, warning, exceeded]
  it.each<[number, number, number, number, boolean, boolean]>([
    // an ordinary budget, stepping usage across both boundaries
    [100000, 80, 0, 80000, false, false],
    [100000, 80, 7000, 80000, false, false],
    [100000, 80, 79999, 80000, false, false],
    [100000, 80, 80000, 80000, true, false],
    [100000, 80, 99999, 80000, true, false],
    [100000, 80, 100000, 80000, true, true],
    [100000, 80, 250000, 80000, true, true],
    // pct 1 and 99
    [100000, 1, 999, 1000, false, false],
    [100000, 1, 1000, 1000, true, false],
    [100000, 99, 98999, 99000, false, false],
    [100000, 99, 99000, 99000, true, false],
    [100000, 99, 100000, 99000, true, true],
    // the threshold is floored: 1234 × 80 / 100 = 987.2
    [1234, 80, 986, 987, false, false],
    [1234, 80, 987, 987, true, false],
    [1234, 80, 1233, 987, true, false],
    [1234, 80, 1234, 987, true, true],
    // 199 × 99 / 100 = 197.01, 101 × 1 / 100 = 1.01
    [199, 99, 196, 197, false, false],
    [199, 99, 197, 197, true, false],
    [101, 1, 0, 1, false, false],
    [101, 1, 1, 1, true, false],
    [101, 1, 101, 1, true, true],
    // exactly 100: budget × pct = 100 gives threshold 1
    [100, 1, 0, 1, false, false],
    [100, 1, 1, 1, true, false],
    [100, 1, 100, 1, true, true],
    // tiny budgets: budget × pct < 100 gives threshold 0, which never warns,
    // not even when the budget itself is exceeded
    [99, 1, 0, 0, false, false],
    [99, 1, 98, 0, false, false],
    [99, 1, 99, 0, false, true],
    [1, 99, 0, 0, false, false],
    [1, 99, 1, 0, false, true],
    [1, 80, 5, 0, false, true],
    [2, 49, 2, 0, false, true],
    [2, 50, 1, 1, true, false],
    [2, 50, 2, 1, true, true],
  ])('budget %d at %d%%, used %d: threshold %d, warning %s, exceeded %s', (budget, warnPct, used, threshold, warning, exceeded) => {
    expect(budgetStatus({ used, budget, warnPct })).toEqual({
      hasBudget: true,
      threshold: BigInt(threshold),
      usagePct: (used / budget) * 100,
      warning,
      exceeded,
    });
  });

  it('usage_pct is used ÷ budget × 100 in doubles, in that order', () => {
    expect(budgetStatus({ used: 7000, budget: 100000, warnPct: 80 }).usagePct).toBe(7.000000000000001);
    expect(JSON.stringify(budgetStatus({ used: 8, budget: 13, warnPct: 80 }).usagePct)).toBe('61.53846153846154');
    expect(budgetStatus({ used: 50, budget: 100, warnPct: 80 }).usagePct).toBe(50);
    expect(budgetStatus({ used: 1, budget: 3, warnPct: 80 }).usagePct).toBe((1 / 3) * 100); // 33.33333333333333, not 100 / 3
    expect(budgetStatus({ used: 0, budget: 5, warnPct: 80 }).usagePct).toBe(0);
  });

  it('is exact above 2^53, where budget × pct in doubles would round', () => {
    // 2^53 + 2 is a double; × 99 = 891712726219358406, which no double holds
    const budget = 2 ** 53 + 2;
    const status = budgetStatus({ used: 0, budget, warnPct: 99 });
    expect(status.threshold).toBe(8917127262193584n); // ⌊891712726219358406 / 100⌋
    expect(Math.floor((budget * 99) / 100)).toBe(8917127262193585); // what doubles would say
    expect(budgetStatus({ used: 8917127262193584, budget, warnPct: 99 }).warning).toBe(true);
    expect(budgetStatus({ used: 8917127262193582, budget, warnPct: 99 }).warning).toBe(false);
  });

  it('takes bigints, past the range of int64 products', () => {
    const budget = 2n ** 63n - 1n;
    const status = budgetStatus({ used: budget - 1n, budget, warnPct: 99n });
    expect(status.threshold).toBe(((2n ** 63n - 1n) * 99n) / 100n);
    expect(status).toMatchObject({ warning: true, exceeded: false });
    expect(budgetStatus({ used: budget, budget, warnPct: 99n }).exceeded).toBe(true);
  });

  it('a pct outside 1–99 (a hand-edited row) never gives a positive threshold from 0 or less', () => {
    expect(budgetStatus({ used: 100, budget: 100, warnPct: 0 })).toMatchObject({ threshold: 0n, warning: false, exceeded: true });
    expect(budgetStatus({ used: 100, budget: 150, warnPct: -1 })).toMatchObject({ threshold: -2n, warning: false, exceeded: false }); // floored, not truncated
    expect(budgetStatus({ used: 100, budget: 100, warnPct: 100 })).toMatchObject({ threshold: 100n, warning: true, exceeded: true });
  });

  it('holds the rules for every small budget, pct and usage', () => {
    for (let budget = 1; budget <= 120; budget++) {
      for (const warnPct of [1, 2, 33, 50, 79, 80, 81, 99]) {
        for (let used = 0; used <= budget + 1; used++) {
          const s = budgetStatus({ used, budget, warnPct });
          const threshold = Math.floor((budget * warnPct) / 100); // exact at this size
          expect(s.threshold).toBe(BigInt(threshold));
          expect(s.exceeded).toBe(used >= budget);
          expect(s.warning).toBe(threshold > 0 && used >= threshold);
          if (budget * warnPct < 100) expect(s.warning).toBe(false);
          else if (s.exceeded) expect(s.warning).toBe(true);
        }
      }
    }
  });

  it('refuses non-integers', () => {
    expect(() => budgetStatus({ used: 1.5, budget: 10, warnPct: 80 })).toThrow(RangeError);
    expect(() => budgetStatus({ used: 1, budget: 10.5, warnPct: 80 })).toThrow(RangeError);
    expect(() => budgetStatus({ used: 1, budget: 10, warnPct: NaN })).toThrow(RangeError);
  });
});
