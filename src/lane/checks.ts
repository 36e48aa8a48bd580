// Checks of lane flag values the spec names (`check: lane.<fn>`): each takes
// the text given and returns what the handler gets, or throws a usage error.
import { UsageError } from '../cli/errors';
import { checkLabel } from '../format/label';

/** A lane name, a bead id: at most this many UTF-8 bytes. */
export const MAX_LANE_NAME_BYTES = 200;

export function laneName(text: string): string {
  return checkLabel('--name', text, MAX_LANE_NAME_BYTES);
}

/** --bead-ids=a,b,c: the distinct bead ids in the order first given; none empty or with a control character. */
export function beadIds(text: string): string[] {
  if (text === '') throw new UsageError('--bead-ids is required');
  const ids = new Set<string>();
  for (const id of text.split(',')) {
    if (id === '') throw new UsageError('--bead-ids holds an empty bead id (two commas, or one at an end)');
    ids.add(checkLabel('a bead id of --bead-ids', id, MAX_LANE_NAME_BYTES));
  }
  return [...ids];
}
