// Parsing of flag values (not of argv: clipanion and the generated global-flag
// splitter do that). Every failure is a usage error naming the flag.
import { UsageError } from './errors';

const UNIT_NS: Record<string, bigint> = {
  ns: 1n,
  us: 1_000n,
  '\u00b5s': 1_000n,
  '\u03bcs': 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

/** Go's limit: a duration is an int64 of nanoseconds (about 2562047h). Longer is unparsable. */
const MAX_DURATION_NS = 2n ** 63n - 1n;
export const MAX_DURATION_MS = Number(MAX_DURATION_NS) / 1e6;

/**
 * A Go-style duration (`100ms`, `2s`, `1m30s`, `1h`), in milliseconds. As
 * Go's time.ParseDuration, in exact integer nanoseconds: a fraction below a
 * nanosecond is dropped, and anything beyond an int64 of nanoseconds
 * (`9223372036854775808ns`) is refused rather than rounded to the limit.
 */
export function parseDurationMs(text: string): number | undefined {
  if (text === '0') return 0;
  // µs (micro sign) and μs (Greek mu) as escapes: the bundle stays ASCII (build.mjs).
  const m = /^([+-]?)((?:\d*\.?\d+|\d+\.)(?:ns|us|\u00b5s|\u03bcs|ms|s|m|h))+$/.exec(text);
  if (!m) return undefined;
  let total = 0n;
  for (const part of text.replace(/^[+-]/, '').matchAll(/(\d*)(?:\.(\d*))?(ns|us|\u00b5s|\u03bcs|ms|s|m|h)/g)) {
    const [, whole = '', fraction = '', unitName] = part;
    if (whole === '' && fraction === '') return undefined;
    const unit = UNIT_NS[unitName!]!;
    let ns = BigInt(whole || '0') * unit;
    if (fraction) ns += (BigInt(fraction) * unit) / 10n ** BigInt(fraction.length);
    total += ns;
    // -2^63 ns is an int64 too, as in Go.
    if (total > MAX_DURATION_NS + (m[1] === '-' ? 1n : 0n)) return undefined;
  }
  const ms = Number(total) / 1e6;
  return m[1] === '-' ? -ms : ms;
}

/** How a flag's bad value is reported, when the spec words it (`invalid: ...{{value}}`). */
export type Invalid = (text: string) => string;

export function duration(option: string, text: string, invalid?: Invalid, options: { allowNegative?: boolean } = {}): number {
  const ms = parseDurationMs(text);
  if (ms === undefined || (ms < 0 && !options.allowNegative)) {
    throw new UsageError(invalid?.(text) ?? `invalid ${option} value "${text}": want a duration such as 500ms, 2s, 1m30s or 1h`);
  }
  return ms;
}

export function integer(option: string, text: string, range: { min?: number; max?: number } = {}, invalid?: Invalid): number {
  // The whole text is the number: blanks around it (' 3', '5\n') are refused, as durations refuse them.
  if (!/^[+-]?\d+$/.test(text) || !Number.isSafeInteger(Number(text))) {
    throw new UsageError(invalid?.(text) ?? `invalid ${option} value "${text}": want an integer`);
  }
  const n = Number(text);
  const { min, max } = range;
  if ((min !== undefined && n < min) || (max !== undefined && n > max)) {
    const want =
      min !== undefined && max !== undefined ? `from ${min} to ${max}` : min !== undefined ? `of at least ${min}` : `of at most ${max}`;
    throw new UsageError(invalid?.(text) ?? `invalid ${option} value "${text}": want an integer ${want}`);
  }
  return n;
}

const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;

/**
 * A 64-bit integer (an event id, say), as a number. A number holds integers
 * exactly up to 2^53, which ids never pass; one beyond that is refused as
 * out of range rather than silently rounded to a neighbour (Go takes every
 * int64).
 */
export function int64(option: string, text: string, invalid?: Invalid): number {
  if (/^[+-]?\d+$/.test(text)) {
    const n = BigInt(text);
    if (n >= INT64_MIN && n <= INT64_MAX && Number.isSafeInteger(Number(n))) return Number(n);
  }
  throw new UsageError(invalid?.(text) ?? `invalid ${option} value "${text}": want a 64-bit integer`);
}

/** A JSON value of the kind asked for (a list, an object, or any). */
export function json(option: string, text: string, kind: 'list'): unknown[];
export function json(option: string, text: string, kind: 'object'): Record<string, unknown>;
export function json(option: string, text: string, kind?: 'any'): unknown;
export function json(option: string, text: string, kind: 'list' | 'object' | 'any' = 'any'): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`invalid ${option} value: not JSON (${(err as Error).message})`);
  }
  if (kind === 'list' && !Array.isArray(value)) throw new UsageError(`invalid ${option} value: want a JSON array`);
  if (kind === 'object' && (value === null || typeof value !== 'object' || Array.isArray(value)))
    throw new UsageError(`invalid ${option} value: want a JSON object`);
  return value;
}

const TRUE = new Set(['1', 't', 'T', 'TRUE', 'true', 'True']);
const FALSE = new Set(['0', 'f', 'F', 'FALSE', 'false', 'False']);

/** A boolean written out, as Go's strconv.ParseBool takes it. */
export function bool(option: string, text: string): boolean {
  if (TRUE.has(text)) return true;
  if (FALSE.has(text)) return false;
  throw new UsageError(`invalid ${option} value "${text}": want true or false`);
}

export function oneOf<T extends string>(option: string, text: string, values: readonly T[]): T {
  if ((values as readonly string[]).includes(text)) return text as T;
  throw new UsageError(`invalid ${option} value "${text}": want one of ${values.join(', ')}`);
}
