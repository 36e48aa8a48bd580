import { describe, expect, it } from 'vitest';
import { toJson } from '../../src/format/json';

describe('toJson', () => {
  it.each<[string, unknown, string]>([
    ['the five escapes', '<a href="x">&</a>\u2028\u2029', '"\\u003ca href=\\"x\\"\\u003e\\u0026\\u003c/a\\u003e\\u2028\\u2029"'],
    ['other non-ASCII stays UTF-8', 'é→—😀\u00a0', '"é→—😀\u00a0"'],
    ['JSON.stringify escapes are kept', '"\\\n\t\u0001', '"\\"\\\\\\n\\t\\u0001"'],
    ['keys are escaped too, order kept', { z: 1, '<k>': '&', a: [true, null] }, '{"z":1,"\\u003ck\\u003e":"\\u0026","a":[true,null]}'],
    [
      'numbers: shortest round-trip form',
      [(7000 / 100000) * 100, 50, (8 / 13) * 100, -0, 1e21, 0.1],
      '[7.000000000000001,50,61.53846153846154,0,1e+21,0.1]',
    ],
    ['nested', { a: { b: ['x>y'] } }, '{"a":{"b":["x\\u003ey"]}}'],
    ['null', null, 'null'],
    ['a plain string', 'plain', '"plain"'],
    ['an empty object', {}, '{}'],
    ['undefined members are dropped', { a: undefined, b: 1 }, '{"b":1}'],
  ])('%s', (_name, value, expected) => {
    expect(toJson(value)).toBe(expected);
  });

  it('reads back as the same value', () => {
    const value = { s: '<>&\u2028\u2029 é "q" \\', n: [1.5, -2, 0.30000000000000004] };
    expect(JSON.parse(toJson(value))).toEqual(value);
  });

  it('throws for a value with no JSON form', () => {
    expect(() => toJson(undefined)).toThrow(TypeError);
    expect(() => toJson(() => 1)).toThrow(TypeError);
  });
});
