// The state key rule (contract v6, 5.2): every `state` subcommand checks its
// key before the database is opened, so a bad key is exit 2 with a message
// rather than a silent miss. `compat` does not apply it.
import { FailureError } from '../cli/errors';

export const MAX_STATE_KEY_BYTES = 200;

const STATE_KEY_PATTERN = /^[a-z][a-z0-9_-]*(\.[a-z0-9_.:-]+)*$/;

/**
 * Throws FailureError unless key is a valid state key. The messages lack the
 * `ic: state <sub>: ` prefix, which the runner adds.
 *
 * The limit is 200 UTF-8 bytes (the contract's "at most 200 bytes"; the
 * original measured len() of a Go string, which is bytes) and the "too long"
 * message prints that byte count even though its wording says "chars". A key
 * with any non-ASCII byte fails the pattern anyway, so the two only differ in
 * which message a long non-ASCII key gets: "too long" when over 200 bytes.
 */
export function checkStateKey(key: string): void {
  if (key === '') throw new FailureError('key must not be empty');
  const bytes = Buffer.byteLength(key, 'utf8');
  if (bytes > MAX_STATE_KEY_BYTES) throw new FailureError(`key too long: ${bytes} chars (max ${MAX_STATE_KEY_BYTES})`);
  if (!STATE_KEY_PATTERN.test(key)) {
    throw new FailureError(
      `invalid key "${key}": must be lowercase alphanumeric with optional dot-separated segments (e.g., 'dispatch', 'sprint.checkpoint')`,
    );
  }
}
