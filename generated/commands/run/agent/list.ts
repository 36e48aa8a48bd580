// GENERATED from spec/intercore.yaml by codegen/. DO NOT EDIT: change the spec (or codegen/) and run `npm run gen`.

import { Option } from 'clipanion';
import { IcCommand } from '../../../../generated/commands/base';
import { runCommand } from '../../../../src/cli/run-command';
import type { Outcome } from '../../../../src/cli/outcome';
import { UsageError } from '../../../../src/cli/errors';
import { str } from '../../../../src/cli/format';
import { toRunAgentView } from '../../../../generated/entities/views';
import type { RunAgentListArgs as Args, RunAgentListData as Data } from '../../../../generated/types';

export class RunAgentListCommand extends IcCommand {
  static override paths = [['run', 'agent', 'list']];
  static override usage = IcCommand.Usage({
    description: 'List a run\'s agents, oldest first',
    details: "Global flags: --db=<path> --timeout=<duration> --json --verbose.",
    examples: [],
  });

  run_id = Option.String({ name: 'run_id' });

  override async execute(): Promise<number> {
    return runCommand('run agent list', this.context.globals, this.context, async (ctx) => {
      if (this.run_id === undefined || this.run_id === '') throw new UsageError('missing argument <run_id>');
      const args: Args = {
        run_id: this.run_id,
      };
      const data = ctx.db.prepare('SELECT * FROM run_agents WHERE run_id = ? ORDER BY created_at, rowid').all(args.run_id) as Data;
      const outcome: Outcome<Data> = { data };
      return { exit: outcome.exit ?? 0, out: render(outcome, ctx.globals.json) };
    });
  }
}

function view(d: Data[number]): Record<string, unknown> {
  return toRunAgentView(d);
}

function render(outcome: Outcome<Data>, json: boolean): string {
  const views = outcome.data.map(view);
  if (json) return JSON.stringify(views);
  return views.map((row) => [str(row.id), str(row.agent_type), str(row.status), str(row.name)].join('\t')).join('\n');
}
