import { describe, expect, it } from 'vitest';
import { CellBudget, GlobBudgetError, MAX_PATTERN_BYTES, PatternError, globsOverlap, parseGlob } from '../../src/coordination/glob';

const overlap = (a: string, b: string) => globsOverlap(parseGlob(a), parseGlob(b), new CellBudget());

describe('glob overlap', () => {
  // Each pair was checked against Go's PatternsOverlap (aa693df), with 90,000 random pairs besides.
  it.each([
    ['*.go', '*.go', true],
    ['*.go', '*.rs', false],
    ['foo.go', 'foo.go', true],
    ['foo.go', 'bar.go', false],
    ['*.go', 'main.go', true],
    ['internal/*.go', 'internal/http.go', true],
    ['internal/*.go', 'pkg/*.go', false],
    ['src/[a-z]*.go', 'src/main.go', true],
    ['src/[A-Z]*.go', 'src/main.go', false],
    ['*', 'anything', true],
    ['*', '', true],
    ['?', '', false],
    ['a/*', 'a/b/c', false], // a star never crosses a slash
    ['a/**', 'a/b/c', false], // ** is two stars, as in Go
    ['a/**/c', 'a/b/c', true],
    ['a*b*c', '*x*', true], // abxc
    ['a*b*c', 'a*x*c', true],
    ['ab*c', '*x*d', false],
    ['a*b', 'c*', false],
    ['[^a]', 'a', false],
    ['[^a]', '[ab]', true],
    ['[]a]', ']', true],
    ['[a-]', '-', true],
    ['\\*', 'x', false],
    ['\\*', '*', true],
    ['[é-ü]', 'ö', true],
    ['?', 'é', true],
    ['', '', true],
    ['a//b', 'a/*/b', true],
  ])('%s and %s: %s', (a, b, want) => {
    expect(overlap(a, b)).toBe(want);
    expect(overlap(b, a)).toBe(want);
  });

  it('refuses malformed patterns, one reason each', () => {
    const why = (p: string) => {
      try {
        parseGlob(p);
        return 'parsed';
      } catch (err) {
        expect(err).toBeInstanceOf(PatternError);
        return (err as Error).message;
      }
    };
    expect(why('[ab')).toBe('a [ class is not closed');
    expect(why('[')).toBe('a [ class is not closed');
    expect(why('[^')).toBe('a [ class is not closed');
    expect(why('[]')).toBe('a [ class is not closed');
    expect(why('a\\')).toBe('a \\ ends the pattern');
    expect(why('[a\\')).toBe('a \\ ends the pattern');
    expect(why('[z-a]')).toBe('the range z-a is reversed');
    expect(why('*?*?*?*?*?')).toBe('parsed');
    expect(why('*?*?*?*?*?*')).toBe('it has 11 wildcards (at most 10)');
    expect(why('[*?*?*?*?*?*]')).toBe('parsed'); // inside a class they are characters
    expect(why('a'.repeat(MAX_PATTERN_BYTES))).toBe('parsed');
    expect(why('a'.repeat(MAX_PATTERN_BYTES + 1))).toBe(`it is ${MAX_PATTERN_BYTES + 1} bytes long (at most ${MAX_PATTERN_BYTES})`);
    // Long paths Go refused (more than 50 characters) are fine.
    expect(why('internal/coordination/a_much_longer_file_name_than_fifty_characters_test.go')).toBe('parsed');
  });

  it('the largest patterns compare within the work bound, and a budget stops a long run', () => {
    const a = parseGlob(`*${'a'.repeat(MAX_PATTERN_BYTES - 3)}*b`);
    const b = parseGlob(`${'a'.repeat(MAX_PATTERN_BYTES - 3)}*c`);
    expect(globsOverlap(a, b, new CellBudget())).toBe(false);
    const budget = new CellBudget(3_000_000);
    expect(() => {
      for (let i = 0; i < 10; i++) globsOverlap(a, b, budget);
    }).toThrow(GlobBudgetError);
  });
});
