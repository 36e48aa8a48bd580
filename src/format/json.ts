// JSON text as the original's Go encoder wrote it (contract v6, 4): the
// characters that are unsafe in HTML (`<`, `>`, `&`) and the two JavaScript
// line terminators (U+2028, U+2029) escaped; everything else as JSON.stringify.

const GO_ESCAPED = /[<>&\u2028\u2029]/g;

const ESCAPES: Record<string, string> = {
  '<': '\\u003c',
  '>': '\\u003e',
  '&': '\\u0026',
  '\u2028': '\\u2028',
  '\u2029': '\\u2029',
};

/**
 * Compact JSON of value, keys in the order the object has them (callers sort
 * when the output wants alphabetical keys). The five characters can only
 * occur inside strings in JSON text, so replacing them over the whole text
 * touches only string contents. Throws TypeError for a value JSON cannot hold
 * (undefined, a function, a symbol at the top level).
 */
export function toJson(value: unknown): string {
  const text = JSON.stringify(value) as string | undefined;
  if (text === undefined) throw new TypeError(`toJson: ${typeof value} has no JSON form`);
  return text.replace(GO_ESCAPED, (c) => ESCAPES[c]!);
}
