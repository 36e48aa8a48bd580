// GENERATED from spec/intercore.yaml by codegen/. DO NOT EDIT: change the spec (or codegen/) and run `npm run gen`.

import { Option } from 'clipanion';
import { IcCommand } from '../../../../generated/commands/base';
import { runCommand } from '../../../../src/cli/run-command';
import type { Outcome } from '../../../../src/cli/outcome';
import { UsageError, NotFoundError } from '../../../../src/cli/errors';
import { str } from '../../../../src/cli/format';
import { RunAgentsStore } from '../../../../generated/stores';
import type { RunAgentAddArgs as Args, RunAgentAddData as Data } from '../../../../generated/types';

export class RunAgentAddCommand extends IcCommand {
  static override paths = [['run', 'agent', 'add']];
  static override usage = IcCommand.Usage({
    description: 'Add an agent to a run',
    details: "Exit codes: 1 run not found.\n\nGlobal flags: --db=<path> --timeout=<duration> --json --verbose.",
    examples: [],
  });

  run_id = Option.String({ name: 'run_id' });
  type = Option.String('--type');
  name = Option.String('--name');
  dispatch_id = Option.String('--dispatch-id');

  override async execute(): Promise<number> {
    return runCommand('run agent add', this.context.globals, this.context, async (ctx) => {
      if (this.run_id === undefined || this.run_id === '') throw new UsageError('missing argument <run_id>');
      const args: Args = {
        run_id: this.run_id,
        type: this.type ?? 'claude',
        name: this.name,
        dispatch_id: this.dispatch_id,
      };
      let data;
      try {
        data = new RunAgentsStore(ctx.db).insert({ run_id: args.run_id, agent_type: args.type, name: args.name, dispatch_id: args.dispatch_id }, ctx.now());
      } catch (err) {
        if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY') throw new NotFoundError(`run not found`);
        throw err;
      }
      const outcome: Outcome<Data> = { data };
      return { exit: outcome.exit ?? 0, out: render(outcome, ctx.globals.json) };
    });
  }
}

function view(d: Data): Record<string, unknown> {
  const v: Record<string, unknown> = {};
  v.id = d.id;
  return v;
}

function render(outcome: Outcome<Data>, json: boolean): string {
  const v = view(outcome.data);
  if (json) return JSON.stringify(v);
  return str(v.id);
}
