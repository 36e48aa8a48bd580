// Checks of arguments the spec names (`check: config.<fn>`).
import { UsageError } from '../cli/errors';

const CONFIG_KEY = /^[a-z0-9][a-z0-9_.-]*$/;

/** A configuration key: lowercase letters, digits, `_`, `.`, `-` (stored as state kernel.<key>), at most 100 characters. */
export function configKey(key: string): string {
  if (!CONFIG_KEY.test(key) || key.length > 100)
    throw new UsageError(`invalid key ${JSON.stringify(key)}: want lowercase letters, digits, _ . -`);
  return key;
}
