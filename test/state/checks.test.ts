import { describe, expect, it } from 'vitest';
import { FailureError } from '../../src/cli/errors';
import { checkStateKey } from '../../src/state/checks';

const invalid = (key: string) =>
  `invalid key "${key}": must be lowercase alphanumeric with optional dot-separated segments (e.g., 'dispatch', 'sprint.checkpoint')`;

describe('checkStateKey', () => {
  it.each([
    // every passing example of the contract
    'dispatch',
    'valid.key',
    'sprint.checkpoint',
    'budget.warning',
    'a.b:c',
    'a..',
    'a..b',
    // and around them
    'a',
    'cursor',
    'budget.exceeded',
    'a-b_c9',
    'a.9',
    'a._',
    'a.-',
    'a.:',
    'a.b.c.d',
    'a'.repeat(200),
    `a.${'b'.repeat(198)}`,
  ])('accepts %j', (key) => {
    expect(() => checkStateKey(key)).not.toThrow();
  });

  it.each([
    // every failing example of the contract
    ['INVALID_KEY', invalid('INVALID_KEY')],
    ['9x', invalid('9x')],
    ['a.', invalid('a.')],
    ['a b', invalid('a b')],
    // and around them
    ['', 'key must not be empty'],
    ['_a', invalid('_a')],
    ['-a', invalid('-a')],
    ['.a', invalid('.a')],
    ['aB', invalid('aB')],
    ['a:b', invalid('a:b')], // ':' only after the first dot
    ['a.B', invalid('a.B')],
    ['a/b', invalid('a/b')],
    ['a.b/c', invalid('a.b/c')],
    ['a\n', invalid('a\n')], // '$' must not match before a final newline
    ['dispatch\nx', invalid('dispatch\nx')],
    ['é', invalid('é')],
    ['a.é', invalid('a.é')],
    [' a', invalid(' a')],
    ['a'.repeat(201), 'key too long: 201 chars (max 200)'],
    ['A'.repeat(201), 'key too long: 201 chars (max 200)'], // length is checked before the pattern
    // 150 chars but 300 bytes: the limit is bytes, and the message prints bytes
    ['é'.repeat(150), 'key too long: 300 chars (max 200)'],
    ['é'.repeat(100), invalid('é'.repeat(100))], // exactly 200 bytes: not too long, but invalid
  ])('rejects %j', (key, message) => {
    let thrown: unknown;
    try {
      checkStateKey(key);
    } catch (err) {
      thrown = err;
    }
    expect(thrown).toBeInstanceOf(FailureError);
    expect((thrown as FailureError).exit).toBe(2);
    expect((thrown as FailureError).message).toBe(message);
  });
});
