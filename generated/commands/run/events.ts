// GENERATED from spec/intercore.yaml by codegen/. DO NOT EDIT: change the spec (or codegen/) and run `npm run gen`.

import { Option } from 'clipanion';
import { IcCommand } from '../../../generated/commands/base';
import { runCommand } from '../../../src/cli/run-command';
import type { Outcome } from '../../../src/cli/outcome';
import { UsageError } from '../../../src/cli/errors';
import { str } from '../../../src/cli/format';
import { toPhaseEventView } from '../../../generated/entities/views';
import type { RunEventsArgs as Args, RunEventsData as Data } from '../../../generated/types';

export class RunEventsCommand extends IcCommand {
  static override paths = [['run', 'events']];
  static override usage = IcCommand.Usage({
    description: 'List a run\'s phase events, oldest first',
    details: "Global flags: --db=<path> --timeout=<duration> --json --verbose.",
    examples: [],
  });

  id = Option.String({ name: 'id' });

  override async execute(): Promise<number> {
    return runCommand('run events', this.context.globals, this.context, async (ctx) => {
      if (this.id === undefined || this.id === '') throw new UsageError('missing argument <id>');
      const args: Args = {
        id: this.id,
      };
      const data = ctx.db.prepare('SELECT * FROM phase_events WHERE run_id = ? ORDER BY id').all(args.id) as Data;
      const outcome: Outcome<Data> = { data };
      return { exit: outcome.exit ?? 0, out: render(outcome, ctx.globals.json) };
    });
  }
}

function view(d: Data[number]): Record<string, unknown> {
  return toPhaseEventView(d);
}

function render(outcome: Outcome<Data>, json: boolean): string {
  const views = outcome.data.map(view);
  if (json) return JSON.stringify(views);
  return views.map((row) => [`${str(row.from_phase)} → ${str(row.to_phase)}`, str(row.event_type), str(row.gate_result), str(row.reason)].join('\t')).join('\n');
}
