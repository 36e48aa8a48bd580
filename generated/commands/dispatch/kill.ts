// GENERATED from spec/intercore.yaml by codegen/. DO NOT EDIT: change the spec (or codegen/) and run `npm run gen`.

import { Option } from 'clipanion';
import { IcCommand } from '../../../generated/commands/base';
import { runCommand } from '../../../src/cli/run-command';
import type { Outcome } from '../../../src/cli/outcome';
import { UsageError } from '../../../src/cli/errors';
import { kill } from '../../../src/dispatch/handlers';
import type { DispatchKillArgs as Args, DispatchKillData as Data } from '../../../generated/types';

export class DispatchKillCommand extends IcCommand {
  static override paths = [['dispatch', 'kill']];
  static override usage = IcCommand.Usage({
    description: 'Stop a dispatch (SIGTERM, 5 s grace, SIGKILL)',
    details: "Exit codes: 1 unknown id.\n\nGlobal flags: --db=<path> --timeout=<duration> --json --verbose.",
    examples: [],
  });

  id = Option.String({ name: 'id' });

  override async execute(): Promise<number> {
    return runCommand('dispatch kill', this.context.globals, this.context, async (ctx) => {
      if (this.id === undefined || this.id === '') throw new UsageError('missing argument <id>');
      const args: Args = {
        id: this.id,
      };
      const outcome: Outcome<Data> = await kill(ctx, args);
      return { exit: outcome.exit ?? 0, out: render(outcome, ctx.globals.json) };
    });
  }
}

function view(d: Data): Record<string, unknown> {
  const v: Record<string, unknown> = {};
  v.id = d.id;
  v.status = d.status;
  return v;
}

function render(outcome: Outcome<Data>, json: boolean): string {
  const v = view(outcome.data);
  if (json) return JSON.stringify(v);
  return `killed`;
}
