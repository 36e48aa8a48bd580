// Checks of flag values the spec names (`check: gate.<fn>`): each takes the
// value given and returns what the handler gets, or throws a usage error.
import { UsageError } from '../cli/errors';
import { type RunRules, readRunRules } from './rules';

/** run create --gates: a run's own gate rules (a JSON object already parsed). */
export function gateRulesFlag(value: Record<string, unknown>): RunRules {
  const rules = readRunRules(value);
  if (typeof rules === 'string') throw new UsageError(`parse gate rules: ${rules}`);
  return rules;
}
