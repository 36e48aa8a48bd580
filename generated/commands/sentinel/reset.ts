// GENERATED from spec/intercore.yaml by codegen/. DO NOT EDIT: change the spec (or codegen/) and run `npm run gen`.

import { Option } from 'clipanion';
import { IcCommand } from '../../../generated/commands/base';
import { runCommand } from '../../../src/cli/run-command';
import type { Outcome } from '../../../src/cli/outcome';
import { UsageError } from '../../../src/cli/errors';
import type { SentinelResetArgs as Args, SentinelResetData as Data } from '../../../generated/types';

export class SentinelResetCommand extends IcCommand {
  static override paths = [['sentinel', 'reset']];
  static override usage = IcCommand.Usage({
    description: 'Forget when a sentinel last fired',
    details: "Global flags: --db=<path> --timeout=<duration> --json --verbose.",
    examples: [],
  });

  name = Option.String({ name: 'name' });
  scope_id = Option.String({ name: 'scope_id' });

  override async execute(): Promise<number> {
    return runCommand('sentinel reset', this.context.globals, this.context, async (ctx) => {
      if (this.name === undefined || this.name === '') throw new UsageError('missing argument <name>');
      if (this.scope_id === undefined || this.scope_id === '') throw new UsageError('missing argument <scope_id>');
      const args: Args = {
        name: this.name,
        scope_id: this.scope_id,
      };
      const data = { deleted: ctx.db.prepare('DELETE FROM sentinels WHERE name = ? AND scope_id = ?').run(args.name, args.scope_id).changes };
      const outcome: Outcome<Data> = { data };
      return { exit: outcome.exit ?? 0, out: render(outcome, ctx.globals.json) };
    });
  }
}

function view(d: Data): Record<string, unknown> {
  const v: Record<string, unknown> = {};
  v.deleted = d.deleted;
  return v;
}

function render(outcome: Outcome<Data>, json: boolean): string {
  const v = view(outcome.data);
  if (json) return JSON.stringify(v);
  return `reset`;
}
