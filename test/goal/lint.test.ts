// The condition lint: Go's rules (goal.LintCondition at aa693df) and words,
// with RE2's semantics kept where JavaScript's differ (\s, `.`, case folding).
import { describe, expect, it } from 'vitest';
import { goQuote, lintCondition } from '../../src/goal/lint';

const kinds = (text: string) => lintCondition(text).map((f) => `${f.severity}:${f.message.split(/[:(—]/)[0]!.trim()}`);

describe('lintCondition', () => {
  it('judgeability: empty, too long (bytes, as Go counts), no predicate, no runtime bound', () => {
    expect(lintCondition('')).toEqual([{ severity: 'error', message: 'condition is empty' }]);
    expect(lintCondition('é'.repeat(2001))).toEqual([
      { severity: 'error', message: 'condition is 4002 chars; the /goal built-in caps at 4000' },
    ]);
    expect(kinds('make it nice')).toEqual(['error:no demonstrable predicate', 'warning:no runtime bound']);
    expect(lintCondition('`npm test` exits 0 or stop after 3 turns')).toEqual([]);
  });

  it.each([
    'exit code 0',
    'EXITS 0',
    'exit\n0',
    '`make`',
    'tests pass',
    'test green',
    'git status is clean',
    'bd issue, then CLOSE it',
    'HTTP 204',
    'http200',
    'file a.txt exists',
    'committed',
    'stop after 7 turns',
  ])('a demonstrable predicate: %j', (text) => {
    expect(kinds(text)).not.toContain('error:no demonstrable predicate');
  });

  it.each(['bd\nclose', 'file a\nexists', 'exit\v0', 'http 2000'])(
    'not one, as RE2 reads it (`.` stops at \\n, \\s is [\\t\\n\\f\\r ]): %j',
    (text) => {
      expect(kinds(text)).toContain('error:no demonstrable predicate');
    },
  );

  it("shape: ventriloquism (error), plan detail and a pre-ruled call (warnings), quoted as Go's %q", () => {
    expect(lintCondition('I am ruling: `x` exits 0, stop after 2 turns')).toEqual([
      {
        severity: 'error',
        message:
          "ventriloquism: \"I am ruling\" writes the user's ruling in the user's voice. A goal the agent drafted cannot also contain the user's sign-off — that satisfies a canon gate with the agent's own document. State the open call as a QUESTION and recommend an answer outside the goal text",
      },
    ]);
    expect(kinds('the design call: I have decided. wards.rs:568 `x`')).toEqual([
      'warning:no runtime bound',
      'error:ventriloquism',
      'warning:plan detail',
      'warning:pre-ruled call',
    ]);
    expect(lintCondition('Rotate::Left { a, b } pushed, stop after 1 turns')[0]!.message).toMatch(
      /^plan detail: "Rotate::Left \{ a," is execution-grade/,
    );
    // History and open questions are not ventriloquism.
    expect(kinds('I decided last week; mine to decide; `x`, stop after 2 turns')).toEqual([]);
    expect(lintCondition('I\thereby `x` stop after 2 turns')[0]!.message).toMatch(/^ventriloquism: "I\\thereby" /);
  });

  it('goQuote is strconv.Quote', () => {
    expect(goQuote('a"b\\c')).toBe('"a\\"b\\\\c"');
    expect(goQuote('\x07\b\f\n\r\t\v')).toBe('"\\a\\b\\f\\n\\r\\t\\v"');
    expect(goQuote('\x01\x7f')).toBe('"\\x01\\x7f"');
    expect(goQuote('é ü 😀')).toBe('"é ü 😀"');
    expect(goQuote('\u00a0\u2028\u{e0001}')).toBe('"\\u00a0\\u2028\\U000e0001"');
  });
});
