// GENERATED from spec/intercore.yaml by codegen/. DO NOT EDIT: change the spec (or codegen/) and run `npm run gen`.

import { Option } from 'clipanion';
import { IcCommand } from '../../../generated/commands/base';
import { runCommand } from '../../../src/cli/run-command';
import type { Outcome } from '../../../src/cli/outcome';
import { UsageError } from '../../../src/cli/errors';
import { cancel } from '../../../src/phase/handlers';
import type { RunCancelArgs as Args, RunCancelData as Data } from '../../../generated/types';

export class RunCancelCommand extends IcCommand {
  static override paths = [['run', 'cancel']];
  static override usage = IcCommand.Usage({
    description: 'Cancel an active run',
    details: "Global flags: --db=<path> --timeout=<duration> --json --verbose.",
    examples: [],
  });

  id = Option.String({ name: 'id' });

  override async execute(): Promise<number> {
    return runCommand('run cancel', this.context.globals, this.context, async (ctx) => {
      if (this.id === undefined || this.id === '') throw new UsageError('missing argument <id>');
      const args: Args = {
        id: this.id,
      };
      const outcome: Outcome<Data> = await cancel(ctx, args);
      return { exit: outcome.exit ?? 0, out: render(outcome, ctx.globals.json) };
    });
  }
}

function view(d: Data): Record<string, unknown> {
  const v: Record<string, unknown> = {};
  v.id = d.id;
  v.status = d.status;
  return v;
}

function render(outcome: Outcome<Data>, json: boolean): string {
  const v = view(outcome.data);
  if (json) return JSON.stringify(v);
  return `cancelled`;
}
