// GENERATED from spec/intercore.yaml by codegen/. DO NOT EDIT: change the spec (or codegen/) and run `npm run gen`.

import { IcCommand } from '../../../generated/commands/base';
import { runCommand } from '../../../src/cli/run-command';
import type { Outcome } from '../../../src/cli/outcome';
import { str } from '../../../src/cli/format';
import { toSentinelView } from '../../../generated/entities/views';
import type { SentinelListData as Data } from '../../../generated/types';

export class SentinelListCommand extends IcCommand {
  static override paths = [['sentinel', 'list']];
  static override usage = IcCommand.Usage({
    description: 'List sentinels',
    details: "Global flags: --db=<path> --timeout=<duration> --json --verbose.",
    examples: [],
  });

  override async execute(): Promise<number> {
    return runCommand('sentinel list', this.context.globals, this.context, async (ctx) => {
      const data = ctx.db.prepare('SELECT * FROM sentinels ORDER BY name, scope_id').all() as Data;
      const outcome: Outcome<Data> = { data };
      return { exit: outcome.exit ?? 0, out: render(outcome, ctx.globals.json) };
    });
  }
}

function view(d: Data[number]): Record<string, unknown> {
  return toSentinelView(d);
}

function render(outcome: Outcome<Data>, json: boolean): string {
  const views = outcome.data.map(view);
  if (json) return JSON.stringify(views);
  return views.map((row) => [str(row.name), str(row.scope_id), str(row.last_fired)].join('\t')).join('\n');
}
