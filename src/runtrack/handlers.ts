// Placeholder until the run issue lands.
import type { CommandContext } from '../cli/context';
import { FailureError } from '../cli/errors';
import type { Outcome } from '../cli/outcome';
import type { RunCurrentArgs, RunCurrentData } from '../../generated/types';

export function current(_ctx: CommandContext, _args: RunCurrentArgs): Outcome<RunCurrentData> {
  throw new FailureError('not implemented yet');
}
