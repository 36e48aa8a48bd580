// GENERATED from spec/intercore.yaml by codegen/. DO NOT EDIT: change the spec (or codegen/) and run `npm run gen`.

import { Option } from 'clipanion';
import { IcCommand } from '../../../generated/commands/base';
import { runCommand } from '../../../src/cli/run-command';
import type { Outcome } from '../../../src/cli/outcome';
import * as value from '../../../src/cli/values';
import { UsageError } from '../../../src/cli/errors';
import { str } from '../../../src/cli/format';
import type { DispatchPruneArgs as Args, DispatchPruneData as Data } from '../../../generated/types';

export class DispatchPruneCommand extends IcCommand {
  static override paths = [['dispatch', 'prune']];
  static override usage = IcCommand.Usage({
    description: 'Delete terminal dispatches created longer ago than a duration',
    details: "Global flags: --db=<path> --timeout=<duration> --json --verbose.",
    examples: [],
  });

  older_than = Option.String('--older-than');

  override async execute(): Promise<number> {
    return runCommand('dispatch prune', this.context.globals, this.context, async (ctx) => {
      if (this.older_than === undefined || this.older_than === '') throw new UsageError('missing required flag --older-than');
      const args: Args = {
        older_than: value.duration('--older-than', this.older_than!),
      };
      const now = ctx.now();
      const data = { deleted: ctx.db.prepare('DELETE FROM dispatches WHERE status IN (\'completed\', \'failed\', \'timeout\', \'cancelled\') AND created_at < ?').run(now - Math.floor(args.older_than / 1000)).changes };
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
  return `${str(v.deleted)} pruned`;
}
