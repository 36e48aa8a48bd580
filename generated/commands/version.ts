// GENERATED from spec/intercore.yaml by codegen/. DO NOT EDIT: change the spec (or codegen/) and run `npm run gen`.

import { IcCommand } from '../../generated/commands/base';
import { runCommand } from '../../src/cli/run-command';
import type { Outcome } from '../../src/cli/outcome';
import { str, present } from '../../src/cli/format';
import { version } from '../../src/db/handlers';
import type { VersionArgs as Args, VersionData as Data } from '../../generated/types';

export class VersionCommand extends IcCommand {
  static override paths = [['version']];
  static override usage = IcCommand.Usage({
    description: 'Print the ic version and the database schema version',
    details: "Global flags: --db=<path> --timeout=<duration> --json --verbose.",
    examples: [],
  });

  override async execute(): Promise<number> {
    return runCommand('version', this.context.globals, this.context, async (ctx) => {
      const args: Args = {
      };
      const outcome: Outcome<Data> = await version(ctx, args);
      return { exit: outcome.exit ?? 0, out: render(outcome, ctx.globals.json) };
    });
  }
}

function view(d: Data): Record<string, unknown> {
  const v: Record<string, unknown> = {};
  v.ic = d.ic;
  if (d.schema != null) v.schema = d.schema;
  return v;
}

function render(outcome: Outcome<Data>, json: boolean): string {
  const v = view(outcome.data);
  if (json) return JSON.stringify(v);
  const lines: string[] = [];
  lines.push(`ic ${str(v.ic)}`);
  if (present(v.schema)) lines.push(`schema: v${str(v.schema)}`);
  if (!(present(v.schema))) lines.push(`schema: unknown (no database)`);
  return lines.join('\n');
}
