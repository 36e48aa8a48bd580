// GENERATED from spec/intercore.yaml by codegen/. DO NOT EDIT: change the spec (or codegen/) and run `npm run gen`.

import { IcCommand } from '../../generated/commands/base';
import { runCommand } from '../../src/cli/run-command';
import type { Outcome } from '../../src/cli/outcome';
import { health } from '../../src/db/handlers';
import type { HealthArgs as Args, HealthData as Data } from '../../generated/types';

export class HealthCommand extends IcCommand {
  static override paths = [['health']];
  static override usage = IcCommand.Usage({
    description: 'Check that the database is readable, migrated and has disk space',
    details: "Prints ok; otherwise the reason on stderr and exit 2.\n\nGlobal flags: --db=<path> --timeout=<duration> --json --verbose.",
    examples: [],
  });

  override async execute(): Promise<number> {
    return runCommand('health', this.context.globals, this.context, async (ctx) => {
      const args: Args = {
      };
      const outcome: Outcome<Data> = await health(ctx, args);
      return { exit: outcome.exit ?? 0, out: render(outcome, ctx.globals.json) };
    });
  }
}

function view(d: Data): Record<string, unknown> {
  const v: Record<string, unknown> = {};
  v.free_bytes = d.free_bytes;
  v.ok = d.ok;
  v.schema = d.schema;
  return v;
}

function render(outcome: Outcome<Data>, json: boolean): string {
  const v = view(outcome.data);
  if (json) return JSON.stringify(v);
  return `ok`;
}
