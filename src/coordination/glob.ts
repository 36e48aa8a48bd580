// Glob patterns of coordination locks, and whether two of them can match the
// same path (the rule of Go's internal/coordination/glob.go, in our own
// algorithm). A pattern is split at `/` into segments, and two patterns
// overlap when they have as many segments and each pair of segments can
// match one string. Within a segment: `*` any run of characters but `/`, `?`
// one such character, `[a-z]` / `[^a-z]` a class (never `/`; `]` first is a
// member; `\` escapes), `\x` the character x, anything else itself.
//
// Deciding whether two segments overlap is a walk over the pairs of their
// positions: a table of (|a| + 1) x (|b| + 1) cells filled row by row, each
// cell a few comparisons, whatever the patterns hold. Patterns are at most
// MAX_PATTERN_BYTES long, and a command that compares more than a budget of
// cells stops with an error rather than run long.

/** The longest pattern accepted, in UTF-8 bytes. */
export const MAX_PATTERN_BYTES = 1024;
/** The most wildcards (`*`, `?`) a pattern may hold, as Go allows. */
export const MAX_WILDCARDS = 10;
/** The most table cells one command may fill comparing patterns (a third of a second at worst; 20 of the largest pairs). */
export const DEFAULT_CELL_BUDGET = 20_000_000;

/** A range of code points, lo..hi inclusive. */
type Range = readonly [number, number];

/** `*`; one character; or one of a set of characters (`?` is the set of all but `/`, marked as a wildcard). */
type Token = { kind: 'star' } | { kind: 'char'; cp: number } | { kind: 'set'; ranges: readonly Range[]; wildcard?: true };

/** A parsed pattern: its segments, each a list of tokens. */
export interface Glob {
  readonly text: string;
  readonly segments: readonly (readonly Token[])[];
}

export class PatternError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PatternError';
  }
}

export class GlobBudgetError extends Error {
  constructor() {
    super('the patterns to compare are too many or too long');
    this.name = 'GlobBudgetError';
  }
}

const SLASH = 0x2f;
const MAX_CP = 0x10ffff;
/** Every character but `/`: what `*` and `?` stand for, and what a class is cut to. */
const NOT_SLASH: readonly Range[] = [
  [0, SLASH - 1],
  [SLASH + 1, MAX_CP],
];

/** Sorted, merged ranges. */
function normalize(ranges: Range[]): Range[] {
  const sorted = [...ranges].sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const out: [number, number][] = [];
  for (const [lo, hi] of sorted) {
    const last = out[out.length - 1];
    if (last && lo <= last[1] + 1) last[1] = Math.max(last[1], hi);
    else out.push([lo, hi]);
  }
  return out;
}

/** a minus b, both normalized. */
function subtract(a: readonly Range[], b: readonly Range[]): Range[] {
  const out: Range[] = [];
  for (const [lo0, hi] of a) {
    let lo = lo0;
    for (const [blo, bhi] of b) {
      if (bhi < lo || blo > hi) continue;
      if (blo > lo) out.push([lo, blo - 1]);
      lo = bhi + 1;
      if (lo > hi) break;
    }
    if (lo <= hi) out.push([lo, hi]);
  }
  return out;
}

/** a intersected with b, both normalized. */
function intersect(a: readonly Range[], b: readonly Range[]): Range[] {
  const out: Range[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const lo = Math.max(a[i]![0], b[j]![0]);
    const hi = Math.min(a[i]![1], b[j]![1]);
    if (lo <= hi) out.push([lo, hi]);
    if (a[i]![1] < b[j]![1]) i++;
    else j++;
  }
  return out;
}

/** Whether two normalized range lists share a code point. */
function rangesMeet(a: readonly Range[], b: readonly Range[]): boolean {
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    if (a[i]![1] < b[j]![0]) i++;
    else if (b[j]![1] < a[i]![0]) j++;
    else return true;
  }
  return false;
}

function inRanges(cp: number, ranges: readonly Range[]): boolean {
  for (const [lo, hi] of ranges) if (cp >= lo && cp <= hi) return true;
  return false;
}

/** Whether one character can match both tokens (neither a star). */
function tokensMeet(a: Token, b: Token): boolean {
  if (a.kind === 'char') return b.kind === 'char' ? a.cp === b.cp : inRanges(a.cp, (b as { ranges: readonly Range[] }).ranges);
  const ra = (a as { ranges: readonly Range[] }).ranges;
  return b.kind === 'char' ? inRanges(b.cp, ra) : rangesMeet(ra, (b as { ranges: readonly Range[] }).ranges);
}

/** Whether a star can take the character the token matches (anything but `/`). */
function starTakes(t: Token): boolean {
  return t.kind === 'char' ? t.cp !== SLASH : t.kind === 'set' ? rangesMeet(NOT_SLASH, t.ranges) : true;
}

const bad = (why: string) => new PatternError(why);

/** A class starting at cps[start] (`[`): its token and the index after its `]`. */
function parseClass(cps: readonly number[], start: number): { token: Token; next: number } {
  let i = start + 1;
  let negated = false;
  if (cps[i] === 0x5e /* ^ */) {
    negated = true;
    i++;
  }
  const read = (at: number): { cp: number; next: number } => {
    if (at >= cps.length) throw bad('a [ class is not closed');
    if (cps[at] !== 0x5c /* \ */) return { cp: cps[at]!, next: at + 1 };
    if (at + 1 >= cps.length) throw bad('a \\ ends the pattern');
    return { cp: cps[at + 1]!, next: at + 2 };
  };
  const ranges: Range[] = [];
  for (;;) {
    if (i >= cps.length) throw bad('a [ class is not closed');
    if (cps[i] === 0x5d /* ] */ && ranges.length > 0) break;
    const lo = read(i);
    i = lo.next;
    if (i + 1 < cps.length && cps[i] === 0x2d /* - */ && cps[i + 1] !== 0x5d) {
      const hi = read(i + 1);
      if (hi.cp < lo.cp) throw bad(`the range ${String.fromCodePoint(lo.cp)}-${String.fromCodePoint(hi.cp)} is reversed`);
      ranges.push([lo.cp, hi.cp]);
      i = hi.next;
    } else {
      ranges.push([lo.cp, lo.cp]);
    }
  }
  const set = normalize(ranges);
  return { token: { kind: 'set', ranges: negated ? subtract(NOT_SLASH, set) : intersect(set, NOT_SLASH) }, next: i + 1 };
}

function parseSegment(segment: string): Token[] {
  const cps = Array.from(segment, (c) => c.codePointAt(0)!);
  const tokens: Token[] = [];
  for (let i = 0; i < cps.length;) {
    const cp = cps[i]!;
    if (cp === 0x2a /* * */) {
      // `**` is two stars, as in Go: a star never crosses a `/`.
      tokens.push({ kind: 'star' });
      i++;
    } else if (cp === 0x3f /* ? */) {
      tokens.push({ kind: 'set', ranges: NOT_SLASH, wildcard: true });
      i++;
    } else if (cp === 0x5b /* [ */) {
      const { token, next } = parseClass(cps, i);
      tokens.push(token);
      i = next;
    } else if (cp === 0x5c /* \ */) {
      if (i + 1 >= cps.length) throw bad('a \\ ends the pattern');
      tokens.push({ kind: 'char', cp: cps[i + 1]! });
      i += 2;
    } else {
      tokens.push({ kind: 'char', cp });
      i++;
    }
  }
  return tokens;
}

/**
 * Parses a pattern; throws PatternError saying what is wrong: longer than
 * MAX_PATTERN_BYTES (checked before anything else is read), more than
 * MAX_WILDCARDS wildcards, an unclosed class, a reversed range, a trailing `\`.
 */
export function parseGlob(text: string): Glob {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_PATTERN_BYTES) throw bad(`it is ${bytes} bytes long (at most ${MAX_PATTERN_BYTES})`);
  const segments = text.split('/').map(parseSegment);
  let wildcards = 0;
  for (const tokens of segments) for (const t of tokens) if (t.kind === 'star' || (t.kind === 'set' && t.wildcard)) wildcards++;
  if (wildcards > MAX_WILDCARDS) throw bad(`it has ${wildcards} wildcards (at most ${MAX_WILDCARDS})`);
  return { text, segments };
}

/** Counts the table cells filled; throws GlobBudgetError past its limit. */
export class CellBudget {
  private used = 0;
  constructor(private readonly limit = DEFAULT_CELL_BUDGET) {}
  spend(cells: number): void {
    this.used += cells;
    if (this.used > this.limit) throw new GlobBudgetError();
  }
}

/**
 * Whether two segments can match one string. reach[j] of row i says the
 * state (i, j) (a's first i tokens and b's first j tokens matched) is
 * reachable; a row is complete once its cells are filled left to right,
 * since moves within a row only go right.
 */
function segmentsOverlap(a: readonly Token[], b: readonly Token[], budget: CellBudget): boolean {
  const m = b.length;
  budget.spend((a.length + 1) * (m + 1));
  let row = new Uint8Array(m + 1);
  let next = new Uint8Array(m + 1);
  row[0] = 1;
  for (let i = 0; ; i++) {
    const ta = a[i];
    let any = false;
    for (let j = 0; j <= m; j++) {
      if (!row[j]) continue;
      any = true;
      const tb = b[j];
      if (tb !== undefined) {
        // Moves within the row: b's star matches nothing, or a's star takes b's character.
        if (tb.kind === 'star') row[j + 1] = 1;
        else if (ta?.kind === 'star' && starTakes(tb)) row[j + 1] = 1;
      }
      if (ta === undefined) continue;
      // Moves to the next row: a's star matches nothing, or one character matches both tokens.
      if (ta.kind === 'star') next[j] = 1;
      else if (tb !== undefined && (tb.kind === 'star' ? starTakes(ta) : tokensMeet(ta, tb))) next[tb.kind === 'star' ? j : j + 1] = 1;
    }
    if (ta === undefined) return row[m] === 1;
    if (!any) return false;
    [row, next] = [next, row];
    next.fill(0);
  }
}

/** Whether two patterns can match one path. */
export function globsOverlap(a: Glob, b: Glob, budget: CellBudget): boolean {
  if (a.segments.length !== b.segments.length) return false;
  for (let k = 0; k < a.segments.length; k++) {
    if (!segmentsOverlap(a.segments[k]!, b.segments[k]!, budget)) return false;
  }
  return true;
}
