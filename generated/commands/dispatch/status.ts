// GENERATED from spec/intercore.yaml by codegen/. DO NOT EDIT: change the spec (or codegen/) and run `npm run gen`.

import { Option } from 'clipanion';
import { IcCommand } from '../../../generated/commands/base';
import { runCommand } from '../../../src/cli/run-command';
import type { Outcome } from '../../../src/cli/outcome';
import { UsageError, NotFoundError } from '../../../src/cli/errors';
import { str, present, nonzero, blockLine } from '../../../src/cli/format';
import type { DispatchesRow } from '../../../generated/entities';
import { toDispatchView } from '../../../generated/entities/views';
import type { DispatchStatusArgs as Args, DispatchStatusData as Data } from '../../../generated/types';

export class DispatchStatusCommand extends IcCommand {
  static override paths = [['dispatch', 'status']];
  static override usage = IcCommand.Usage({
    description: 'Show a dispatch',
    details: "Exit codes: 1 unknown id.\n\nGlobal flags: --db=<path> --timeout=<duration> --json --verbose.",
    examples: [],
  });

  id = Option.String({ name: 'id' });

  override async execute(): Promise<number> {
    return runCommand('dispatch status', this.context.globals, this.context, async (ctx) => {
      if (this.id === undefined || this.id === '') throw new UsageError('missing argument <id>');
      const args: Args = {
        id: this.id,
      };
      const data = ctx.db.prepare('SELECT * FROM dispatches WHERE id = ?').get(args.id) as DispatchesRow | undefined;
      if (data === undefined) throw new NotFoundError(`not found: ${args.id}`);
      const outcome: Outcome<Data> = { data };
      return { exit: outcome.exit ?? 0, out: render(outcome, ctx.globals.json) };
    });
  }
}

function view(d: Data): Record<string, unknown> {
  return toDispatchView(d);
}

function render(outcome: Outcome<Data>, json: boolean): string {
  const v = view(outcome.data);
  if (json) return JSON.stringify(v);
  const lines: string[] = [];
  lines.push(blockLine('ID', 9, str(v.id)));
  lines.push(blockLine('Status', 9, str(v.status)));
  lines.push(blockLine('Type', 9, str(v.agent_type)));
  if (present(v.name)) lines.push(blockLine('Name', 9, str(v.name)));
  if (present(v.pid)) lines.push(blockLine('PID', 9, str(v.pid)));
  lines.push(blockLine('Project', 9, str(v.project_dir)));
  if (present(v.prompt_file)) lines.push(blockLine('Prompt', 9, str(v.prompt_file)));
  if (present(v.output_file)) lines.push(blockLine('Output', 9, str(v.output_file)));
  if (nonzero(v.turns) || nonzero(v.commands) || nonzero(v.messages)) lines.push(blockLine('Stats', 9, `${str(v.turns)} turns, ${str(v.commands)} commands, ${str(v.messages)} messages`));
  if (nonzero(v.in_tokens) || nonzero(v.out_tokens)) lines.push(blockLine('Tokens', 9, `${str(v.in_tokens)} in / ${str(v.out_tokens)} out`));
  if (present(v.verdict_status)) lines.push(blockLine('Verdict', 9, str(v.verdict_status)));
  if (present(v.verdict_summary)) lines.push(blockLine('Summary', 9, str(v.verdict_summary)));
  if (present(v.exit_code)) lines.push(blockLine('Exit', 9, str(v.exit_code)));
  if (present(v.error_message)) lines.push(blockLine('Error', 9, str(v.error_message)));
  return lines.join('\n');
}
