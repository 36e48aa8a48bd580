// GENERATED from spec/intercore.yaml by codegen/. DO NOT EDIT: change the spec (or codegen/) and run `npm run gen`.

import { Option } from 'clipanion';
import { IcCommand } from '../../../generated/commands/base';
import { runCommand } from '../../../src/cli/run-command';
import type { Outcome } from '../../../src/cli/outcome';
import { UsageError } from '../../../src/cli/errors';
import { str } from '../../../src/cli/format';
import type { StateListArgs as Args, StateListData as Data } from '../../../generated/types';

export class StateListCommand extends IcCommand {
  static override paths = [['state', 'list']];
  static override usage = IcCommand.Usage({
    description: 'List the scope_ids with a live entry under a key',
    details: "Global flags: --db=<path> --timeout=<duration> --json --verbose.",
    examples: [],
  });

  key = Option.String({ name: 'key' });

  override async execute(): Promise<number> {
    return runCommand('state list', this.context.globals, this.context, async (ctx) => {
      if (this.key === undefined || this.key === '') throw new UsageError('missing argument <key>');
      const args: Args = {
        key: this.key,
      };
      const now = ctx.now();
      const data = ctx.db.prepare('SELECT scope_id FROM state WHERE key = ? AND (expires_at IS NULL OR expires_at > ?) ORDER BY scope_id').all(args.key, now) as Data;
      const outcome: Outcome<Data> = { data };
      return { exit: outcome.exit ?? 0, out: render(outcome, ctx.globals.json) };
    });
  }
}

function view(d: Data[number]): Record<string, unknown> {
  const v: Record<string, unknown> = {};
  v.scope_id = d.scope_id;
  return v;
}

function render(outcome: Outcome<Data>, json: boolean): string {
  const views = outcome.data.map(view);
  if (json) return JSON.stringify(views);
  return views.map((row) => [str(row.scope_id)].join('\t')).join('\n');
}
