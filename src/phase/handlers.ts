// Placeholder until the run issue lands: the commands exist in the spec.
import type { CommandContext } from '../cli/context';
import { FailureError } from '../cli/errors';
import type { Outcome } from '../cli/outcome';
import type { RunAdvanceArgs, RunAdvanceData, RunCancelArgs, RunCancelData, RunCreateArgs, RunCreateData, RunSetArgs, RunSetData } from '../../generated/types';

const todo = (): never => {
  throw new FailureError('not implemented yet');
};
export function create(_ctx: CommandContext, _args: RunCreateArgs): Outcome<RunCreateData> {
  return todo();
}
export function advance(_ctx: CommandContext, _args: RunAdvanceArgs): Outcome<RunAdvanceData> {
  return todo();
}
export function cancel(_ctx: CommandContext, _args: RunCancelArgs): Outcome<RunCancelData> {
  return todo();
}
export function set(_ctx: CommandContext, _args: RunSetArgs): Outcome<RunSetData> {
  return todo();
}
