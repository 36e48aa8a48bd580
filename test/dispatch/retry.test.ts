import { describe, expect, it } from 'vitest';
import { nextRung } from '../../src/dispatch/escalate';
import { backoffMs } from '../../src/dispatch/retry';

describe('retry backoff', () => {
  it('5 s doubling per earlier retry, at most 5 min', () => {
    expect([0, 1, 2, 3, 5, 6, 40].map(backoffMs)).toEqual([5000, 10000, 20000, 40000, 160000, 300000, 300000]);
  });
});

describe('escalation ladder', () => {
  it('the same model until two strikes; then up a rung; fable only when open; opus with fable closed and the top end it', () => {
    expect(nextRung('sonnet', 1, false)).toBe('sonnet');
    expect(nextRung('', 1, false)).toBe('');
    expect(nextRung('sonnet', 2, false)).toBe('opus');
    expect(nextRung('o3', 2, false)).toBe('opus');
    expect(nextRung('', 2, true)).toBe('opus');
    expect(nextRung('opus', 2, true)).toBe('fable');
    expect(nextRung('opus', 2, false)).toBeUndefined();
    expect(nextRung('fable', 2, true)).toBeUndefined();
  });
});
