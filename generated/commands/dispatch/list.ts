// GENERATED from spec/intercore.yaml by codegen/. DO NOT EDIT: change the spec (or codegen/) and run `npm run gen`.

import { Option } from 'clipanion';
import { IcCommand } from '../../../generated/commands/base';
import { runCommand } from '../../../src/cli/run-command';
import type { Outcome } from '../../../src/cli/outcome';
import { str } from '../../../src/cli/format';
import { toDispatchView } from '../../../generated/entities/views';
import type { DispatchListArgs as Args, DispatchListData as Data } from '../../../generated/types';

export class DispatchListCommand extends IcCommand {
  static override paths = [['dispatch', 'list']];
  static override usage = IcCommand.Usage({
    description: 'List dispatches, newest first',
    details: "Global flags: --db=<path> --timeout=<duration> --json --verbose.",
    examples: [],
  });

  active = Option.Boolean('--active', false, { description: 'only spawned or running' });
  scope = Option.String('--scope');

  override async execute(): Promise<number> {
    return runCommand('dispatch list', this.context.globals, this.context, async (ctx) => {
      const args: Args = {
        active: this.active,
        scope: this.scope,
      };
      const where: string[] = [];
      const params: unknown[] = [];
      if (args.active) { where.push('status IN (\'spawned\', \'running\')'); }
      if (args.scope !== undefined) { where.push('scope_id = ?'); params.push(args.scope); }
      const data = ctx.db.prepare('SELECT * FROM dispatches' + (where.length ? ' WHERE ' + where.join(' AND ') : '') + ' ORDER BY created_at DESC, rowid DESC').all(...params) as Data;
      const outcome: Outcome<Data> = { data };
      return { exit: outcome.exit ?? 0, out: render(outcome, ctx.globals.json) };
    });
  }
}

function view(d: Data[number]): Record<string, unknown> {
  return toDispatchView(d);
}

function render(outcome: Outcome<Data>, json: boolean): string {
  const views = outcome.data.map(view);
  if (json) return JSON.stringify(views);
  return views.map((row) => [str(row.id), str(row.status), str(row.agent_type), str(row.name)].join('\t')).join('\n');
}
