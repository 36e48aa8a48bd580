// "Did you mean": the name closest to a mistyped command, subcommand or flag.
// Loaded only on those error paths (src/cli/program.ts imports it dynamically),
// so a start that parses fine never loads it or fastest-levenshtein.
import { distance } from 'fastest-levenshtein';

/**
 * The candidate closest to what was typed, if it is close: at most 2 edits,
 * or a third of the typed length for longer words, and fewer edits than the
 * typed word has characters. Ties go to the earlier candidate (the spec's order).
 * A typed word that is itself a candidate gets no suggestion.
 */
export function closest(typed: string, candidates: readonly string[]): string | undefined {
  // A known name that stands where it does not fit (`ic --bogus state`) is no typo: nothing to suggest.
  if (typed === '' || candidates.includes(typed)) return undefined;
  const limit = Math.min(Math.max(2, Math.floor(typed.length / 3)), typed.length - 1);
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const d = distance(typed, candidate);
    if (d <= limit && d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}
