// GENERATED from spec/intercore.yaml by codegen/. DO NOT EDIT: change the spec (or codegen/) and run `npm run gen`.

import { IcCommand } from '../../../generated/commands/base';
import { runCommand } from '../../../src/cli/run-command';
import type { Outcome } from '../../../src/cli/outcome';
import { str } from '../../../src/cli/format';
import { status } from '../../../src/compat/handlers';
import type { CompatStatusArgs as Args, CompatStatusData as Data } from '../../../generated/types';

export class CompatStatusCommand extends IcCommand {
  static override paths = [['compat', 'status']];
  static override usage = IcCommand.Usage({
    description: 'Show, per legacy key, whether legacy temp files and DB state exist',
    details: "Global flags: --db=<path> --timeout=<duration> --json --verbose.",
    examples: [],
  });

  override async execute(): Promise<number> {
    return runCommand('compat status', this.context.globals, this.context, async (ctx) => {
      const args: Args = {
      };
      const outcome: Outcome<Data> = await status(ctx, args);
      return { exit: outcome.exit ?? 0, out: render(outcome, ctx.globals.json) };
    });
  }
}

function view(d: Data[number]): Record<string, unknown> {
  const v: Record<string, unknown> = {};
  if (d.db != null) v.db = d.db;
  v.key = d.key;
  v.legacy = d.legacy;
  return v;
}

function render(outcome: Outcome<Data>, json: boolean): string {
  const views = outcome.data.map(view);
  if (json) return JSON.stringify(views);
  return outcome.text ?? str(outcome.data);
}
