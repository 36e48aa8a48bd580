// The numbers discovery commands take: Go's ParseFloat would take NaN, Inf
// and any magnitude, and store or multiply by them; here each is a decimal
// number within its range, or a usage error naming the flag.
import { UsageError } from '../cli/errors';

const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

function decimalIn(flag: string, text: string, min: number, max: number): number {
  const value = DECIMAL.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(value) || value < min || value > max) {
    throw new UsageError(`invalid ${flag}: ${JSON.stringify(text)} (a number from ${min} to ${max})`);
  }
  return value === 0 ? 0 : value; // no -0
}

/** A relevance score: 0.0 to 1.0. */
export function checkScore(text: string): number {
  return decimalIn('--score', text, 0, 1);
}

/** A decay rate: the fraction of the score taken away, 0.0 to 1.0. */
export function checkRate(text: string): number {
  return decimalIn('--rate', text, 0, 1);
}

/** A cosine similarity: -1.0 to 1.0. */
export function checkSimilarity(text: string): number {
  return decimalIn('similarity', text, -1, 1);
}
