// Placeholder until the dispatch issue lands.
import type { CommandContext } from '../cli/context';
import { FailureError } from '../cli/errors';
import type { Outcome } from '../cli/outcome';
import type {
  DispatchKillArgs, DispatchKillData, DispatchPollArgs, DispatchPollData, DispatchSpawnArgs, DispatchSpawnData, DispatchWaitArgs, DispatchWaitData,
} from '../../generated/types';

const todo = (): never => {
  throw new FailureError('not implemented yet');
};
export function spawn(_ctx: CommandContext, _args: DispatchSpawnArgs): Outcome<DispatchSpawnData> {
  return todo();
}
export function poll(_ctx: CommandContext, _args: DispatchPollArgs): Outcome<DispatchPollData> {
  return todo();
}
export function wait(_ctx: CommandContext, _args: DispatchWaitArgs): Outcome<DispatchWaitData> {
  return todo();
}
export function kill(_ctx: CommandContext, _args: DispatchKillArgs): Outcome<DispatchKillData> {
  return todo();
}
