// GENERATED from spec/intercore.yaml by codegen/. DO NOT EDIT: change the spec (or codegen/) and run `npm run gen`.

import { Option } from 'clipanion';
import { IcCommand } from '../../../generated/commands/base';
import { runCommand } from '../../../src/cli/run-command';
import type { Outcome } from '../../../src/cli/outcome';
import { UsageError } from '../../../src/cli/errors';
import { nonzero } from '../../../src/cli/format';
import type { StateDeleteArgs as Args, StateDeleteData as Data } from '../../../generated/types';

export class StateDeleteCommand extends IcCommand {
  static override paths = [['state', 'delete']];
  static override usage = IcCommand.Usage({
    description: 'Delete the entry under (key, scope_id)',
    details: "Global flags: --db=<path> --timeout=<duration> --json --verbose.",
    examples: [],
  });

  key = Option.String({ name: 'key' });
  scope_id = Option.String({ name: 'scope_id' });

  override async execute(): Promise<number> {
    return runCommand('state delete', this.context.globals, this.context, async (ctx) => {
      if (this.key === undefined || this.key === '') throw new UsageError('missing argument <key>');
      if (this.scope_id === undefined || this.scope_id === '') throw new UsageError('missing argument <scope_id>');
      const args: Args = {
        key: this.key,
        scope_id: this.scope_id,
      };
      const data = { deleted: ctx.db.prepare('DELETE FROM state WHERE key = ? AND scope_id = ?').run(args.key, args.scope_id).changes };
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
  const lines: string[] = [];
  if (nonzero(v.deleted)) lines.push(`deleted`);
  if (!(nonzero(v.deleted))) lines.push(`not found`);
  return lines.join('\n');
}
