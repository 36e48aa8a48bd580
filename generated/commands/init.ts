// GENERATED from spec/intercore.yaml by codegen/. DO NOT EDIT: change the spec (or codegen/) and run `npm run gen`.

import { IcCommand } from '../../generated/commands/base';
import { runCommand } from '../../src/cli/run-command';
import type { Outcome } from '../../src/cli/outcome';
import { str } from '../../src/cli/format';
import { init } from '../../src/db/handlers';
import type { InitArgs as Args, InitData as Data } from '../../generated/types';

export class InitCommand extends IcCommand {
  static override paths = [['init']];
  static override usage = IcCommand.Usage({
    description: 'Create or migrate the database to the current schema',
    details: "Creates the database directory (mode 0700) and file (mode 0600) if needed, then migrates any earlier schema (v0 to v3) to the current one in one exclusive transaction, after copying a non-empty database to <db>.backup-YYYYMMDD-HHMMSS. Running it again changes nothing.\n\nGlobal flags: --db=<path> --timeout=<duration> --json --verbose.",
    examples: [['Create the project database', 'ic init']],
  });

  override async execute(): Promise<number> {
    return runCommand('init', this.context.globals, this.context, async (ctx) => {
      const args: Args = {
      };
      const outcome: Outcome<Data> = await init(ctx, args);
      return { exit: outcome.exit ?? 0, out: render(outcome, ctx.globals.json) };
    });
  }
}

function view(d: Data): Record<string, unknown> {
  const v: Record<string, unknown> = {};
  if (d.backup != null) v.backup = d.backup;
  v.migrated_from = d.migrated_from;
  v.path = d.path;
  v.version = d.version;
  return v;
}

function render(outcome: Outcome<Data>, json: boolean): string {
  const v = view(outcome.data);
  if (json) return JSON.stringify(v);
  return `initialized ${str(v.path)} (schema v${str(v.version)})`;
}
