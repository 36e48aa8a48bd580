import { describe, expect, it } from 'vitest';
import { backoffMs } from '../../src/dispatch/retry';

describe('retry backoff', () => {
  it('5 s doubling per earlier retry, at most 5 min', () => {
    expect([0, 1, 2, 3, 5, 6, 40].map(backoffMs)).toEqual([5000, 10000, 20000, 40000, 160000, 300000, 300000]);
  });
});
