import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { fixed1, goDuration } from '../../src/format/numbers';

const hasPython = (() => {
  try {
    execFileSync('python3', ['-c', 'pass']);
    return true;
  } catch {
    return false;
  }
})();

describe('fixed1', () => {
  it.each<[number, string]>([
    // the contract's and the brief's examples
    [12.25, '12.2'], // an exact tie: half to even (toFixed says 12.3)
    [0.05, '0.1'], // really 0.05000000000000000277
    [7.000000000000001, '7.0'],
    [(7000 / 100000) * 100, '7.0'],
    [0.25, '0.2'],
    [0.35, '0.3'], // really 0.34999999999999997779
    [0.15, '0.1'], // really 0.1499999999999999944
    [0.45, '0.5'], // really 0.4500000000000000111
    [0.75, '0.8'], // exact tie, 7 is odd
    [0.65, '0.7'], // really 0.6500000000000000222
    [1.05, '1.1'], // really 1.0500000000000000444
    [2.5, '2.5'],
    [99.95, '100.0'], // really 99.9500000000000028
    [61.53846153846154, '61.5'],
    [50, '50.0'],
    [100, '100.0'],
    [0, '0.0'],
    [0.04, '0.0'],
    [Number.MIN_VALUE, '0.0'],
    // negative values
    [-12.25, '-12.2'],
    [-0.35, '-0.3'],
    [-0.75, '-0.8'],
    [-7.000000000000001, '-7.0'],
    [-0.04, '-0.0'], // Go keeps the sign
    [-0, '-0.0'],
    // large values: every digit of the exact integer
    [2 ** 53, '9007199254740992.0'],
    [2 ** 53 + 2, '9007199254740994.0'],
    [1e21, '1000000000000000000000.0'],
    [1e23, '99999999999999991611392.0'],
    [123456789.25, '123456789.2'],
    [123456789.75, '123456789.8'],
    [Number.MAX_VALUE, `${BigInt(Number.MAX_VALUE)}.0`],
    // not finite
    [NaN, 'NaN'],
    [Infinity, '+Inf'],
    [-Infinity, '-Inf'],
  ])('%d → %s', (x, expected) => {
    expect(fixed1(x)).toBe(expected);
  });

  it.skipIf(!hasPython)("agrees with Python's '%.1f' (exact, half to even) on many doubles", () => {
    const values: number[] = [];
    let seed = 12345;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    for (let i = 0; i < 500; i++) values.push(Math.round(random() * 200000) / 2000 - 50); // many near-ties
    for (let i = 0; i < 300; i++) values.push((random() - 0.5) * 10 ** Math.floor(random() * 30 - 10));
    for (let used = 0; used <= 1000; used += 7) values.push((used / 1000) * 100); // usage percentages
    const script = "import sys, json\nfor v in json.load(sys.stdin): print('%.1f' % v)";
    const python = execFileSync('python3', ['-c', script], { input: JSON.stringify(values), encoding: 'utf8' });
    const expected = python.trimEnd().split('\n');
    expect(values.map(fixed1)).toEqual(expected);
  });
});

describe('goDuration', () => {
  it.each<[number, string]>([
    [0, '0s'],
    [-0, '0s'],
    [1, '1s'],
    [42, '42s'],
    [59, '59s'],
    [60, '1m0s'],
    [125, '2m5s'],
    [3599, '59m59s'],
    [3600, '1h0m0s'],
    [3607, '1h0m7s'],
    [86400, '24h0m0s'],
    [90061, '25h1m1s'],
    [-3, '-3s'],
    [-60, '-1m0s'],
    [-3607, '-1h0m7s'],
  ])('%d → %s', (seconds, expected) => {
    expect(goDuration(seconds)).toBe(expected);
  });

  it.each([1.5, NaN, Infinity, 2 ** 53])('rejects %d', (seconds) => {
    expect(() => goDuration(seconds)).toThrow(RangeError);
  });
});
