// The limits a state payload must keep, and no likely secret in it. Checked
// before anything is written.
import { FailureError } from '../cli/errors';
import { checkNoSecret } from './secrets';

export const LIMITS = {
  bytes: 1024 * 1024,
  depth: 20,
  keyChars: 1000,
  stringBytes: 100 * 1024,
  arrayItems: 10_000,
} as const;

export class InvalidPayloadError extends FailureError {
  constructor(why: string) {
    super(`invalid payload: ${why}`);
    this.name = 'InvalidPayloadError';
  }
}

/** Throws InvalidPayloadError unless text is JSON within the limits. */
export function checkPayload(text: string): void {
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > LIMITS.bytes) throw new InvalidPayloadError(`${bytes} bytes, more than the ${LIMITS.bytes} allowed`);
  if (text === '') throw new InvalidPayloadError('empty; want a JSON document');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new InvalidPayloadError(`not valid JSON (${(err as Error).message})`);
  }
  // Secrets before the shape limits, as the contract orders the checks.
  checkNoSecret(value);
  walk(value, 1);
}

function walk(value: unknown, depth: number): void {
  if (typeof value === 'string') {
    const n = Buffer.byteLength(value, 'utf8');
    if (n > LIMITS.stringBytes) throw new InvalidPayloadError(`a string of ${n} bytes, more than the ${LIMITS.stringBytes} allowed`);
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (depth > LIMITS.depth) throw new InvalidPayloadError(`nested deeper than ${LIMITS.depth} levels`);
  if (Array.isArray(value)) {
    if (value.length > LIMITS.arrayItems)
      throw new InvalidPayloadError(`an array of ${value.length} elements, more than the ${LIMITS.arrayItems} allowed`);
    for (const item of value) walk(item, depth + 1);
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    if (key.length > LIMITS.keyChars)
      throw new InvalidPayloadError(`an object key of ${key.length} characters, more than the ${LIMITS.keyChars} allowed`);
    walk(item, depth + 1);
  }
}
