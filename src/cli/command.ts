// The base of every generated command class (generated/commands/<path>.ts,
// through generated/commands/base.ts). Global flags are split out of argv
// before clipanion sees it (they may stand anywhere) and reach a command
// through `this.context.globals`; `run` does the rest the same way for every
// command.
import { Command } from 'clipanion';
import type { IcContext } from '../../generated/cli';
import type { ContextFor, DbMode } from './context';
import type { Output } from './output';
import { type CommandInfo, runCommand } from './run-command';

export abstract class IcCommand extends Command<IcContext> {
  /**
   * clipanion's state machine of this command, as JSON: compiled by
   * clipanion from this class at build time and set on the class in its
   * chunk of dist/ (scripts/clipanion-machines.cjs). Absent from source.
   */
  static icMachine?: string;

  protected run<M extends DbMode, D>(
    info: CommandInfo<M>,
    body: (ctx: ContextFor<M>) => D | Promise<D>,
    output: Output<D>,
  ): Promise<number> {
    return runCommand(info, this.context, body, output);
  }
}
