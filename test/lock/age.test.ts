import { describe, expect, it } from 'vitest';
import { ageSeconds, formatAge } from '../../src/lock/age';

describe('formatAge (Go duration text)', () => {
  it.each([
    [0, '0s'],
    [1, '1s'],
    [42, '42s'],
    [59, '59s'],
    [60, '1m0s'],
    [125, '2m5s'],
    [3599, '59m59s'],
    [3600, '1h0m0s'],
    [3607, '1h0m7s'],
    [90061, '25h1m1s'],
    [-3, '-3s'],
    [-60, '-1m0s'],
    [-3661, '-1h1m1s'],
  ])('%d s is %s', (seconds, text) => {
    expect(formatAge(seconds)).toBe(text);
  });

  it('age is now − created rounded down, also into the future', () => {
    expect(ageSeconds(1000, 1_042_999)).toBe(42);
    expect(ageSeconds(1000, 1_000_000)).toBe(0);
    // created 2.5 s ahead of now: floor gives -3
    expect(ageSeconds(1003, 1_000_500)).toBe(-3);
  });
});
