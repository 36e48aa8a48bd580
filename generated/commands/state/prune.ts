// GENERATED from spec/intercore.yaml by codegen/. DO NOT EDIT: change the spec (or codegen/) and run `npm run gen`.

import { IcCommand } from '../../../generated/commands/base';
import { runCommand } from '../../../src/cli/run-command';
import type { Outcome } from '../../../src/cli/outcome';
import { str } from '../../../src/cli/format';
import type { StatePruneData as Data } from '../../../generated/types';

export class StatePruneCommand extends IcCommand {
  static override paths = [['state', 'prune']];
  static override usage = IcCommand.Usage({
    description: 'Delete expired entries',
    details: "Global flags: --db=<path> --timeout=<duration> --json --verbose.",
    examples: [],
  });

  override async execute(): Promise<number> {
    return runCommand('state prune', this.context.globals, this.context, async (ctx) => {
      const now = ctx.now();
      const data = { deleted: ctx.db.prepare('DELETE FROM state WHERE expires_at <= ?').run(now).changes };
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
