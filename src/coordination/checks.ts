// Checks of coordination flag values the spec names (`check:
// coordination.<fn>`): each takes the text given and returns what the handler
// gets, or throws a usage error. Owners, scopes, patterns and reasons are
// printed in tab-separated rows, so none may hold a control character.
import { UsageError } from '../cli/errors';
import { checkLabel } from '../format/label';
import { type Glob, MAX_PATTERN_BYTES, PatternError, parseGlob } from './glob';

/** An owner, a scope, a reason, an ID: at most this many UTF-8 bytes. */
export const MAX_LABEL_BYTES = 1024;

const label = (flag: string) => (text: string) => checkLabel(flag, text, MAX_LABEL_BYTES);

export const owner = label('--owner');
export const fromOwner = label('--from');
export const toOwner = label('--to');
export const excludeOwner = label('--exclude-owner');
export const scope = label('--scope');
export const reason = label('--reason');
export const dispatchId = label('--dispatch');
export const runId = label('--run');

/** A glob pattern, parsed (src/coordination/glob.ts): the handler compares it without parsing it again. */
export function pattern(text: string): Glob {
  checkLabel('--pattern', text, MAX_PATTERN_BYTES);
  try {
    return parseGlob(text);
  } catch (err) {
    if (err instanceof PatternError) throw new UsageError(`invalid --pattern: ${err.message}`);
    throw err;
  }
}
