// GENERATED from spec/intercore.yaml by codegen/. DO NOT EDIT: change the spec (or codegen/) and run `npm run gen`.

import { Option } from 'clipanion';
import { IcCommand } from '../../../generated/commands/base';
import { runCommand } from '../../../src/cli/run-command';
import type { Outcome } from '../../../src/cli/outcome';
import { UsageError, NotFoundError } from '../../../src/cli/errors';
import { str } from '../../../src/cli/format';
import type { RunsRow } from '../../../generated/entities';
import type { RunPhaseArgs as Args, RunPhaseData as Data } from '../../../generated/types';

export class RunPhaseCommand extends IcCommand {
  static override paths = [['run', 'phase']];
  static override usage = IcCommand.Usage({
    description: 'Print a run\'s phase',
    details: "Exit codes: 1 unknown id.\n\nGlobal flags: --db=<path> --timeout=<duration> --json --verbose.",
    examples: [],
  });

  id = Option.String({ name: 'id' });

  override async execute(): Promise<number> {
    return runCommand('run phase', this.context.globals, this.context, async (ctx) => {
      if (this.id === undefined || this.id === '') throw new UsageError('missing argument <id>');
      const args: Args = {
        id: this.id,
      };
      const data = ctx.db.prepare('SELECT * FROM runs WHERE id = ?').get(args.id) as RunsRow | undefined;
      if (data === undefined) throw new NotFoundError(`not found: ${args.id}`);
      const outcome: Outcome<Data> = { data };
      return { exit: outcome.exit ?? 0, out: render(outcome, ctx.globals.json) };
    });
  }
}

function view(d: Data): Record<string, unknown> {
  const v: Record<string, unknown> = {};
  v.id = d.id;
  v.phase = d.phase;
  return v;
}

function render(outcome: Outcome<Data>, json: boolean): string {
  const v = view(outcome.data);
  if (json) return JSON.stringify(v);
  return str(v.phase);
}
