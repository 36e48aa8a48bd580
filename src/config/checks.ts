// Checks of arguments the spec names (`check: config.<fn>`).
import { FailureError } from '../cli/errors';

const CONFIG_KEY = /^[a-z0-9][a-z0-9_.-]*$/;

/**
 * A configuration key: lowercase letters, digits, `_`, `.`, `-` (stored as state kernel.<key>), at most 100 characters.
 * Another is exit 2, as the original refuses it (a store error, not a usage one).
 */
export function configKey(key: string): string {
  if (!CONFIG_KEY.test(key) || key.length > 100)
    throw new FailureError(`invalid key ${JSON.stringify(key)}: want lowercase letters, digits, _ . -`);
  return key;
}
