// GENERATED from spec/intercore.yaml by codegen/. DO NOT EDIT: change the spec (or codegen/) and run `npm run gen`.

import { Option } from 'clipanion';
import { IcCommand } from '../../../generated/commands/base';
import { runCommand } from '../../../src/cli/run-command';
import type { Outcome } from '../../../src/cli/outcome';
import { UsageError } from '../../../src/cli/errors';
import { str } from '../../../src/cli/format';
import { get } from '../../../src/state/handlers';
import type { StateGetArgs as Args, StateGetData as Data } from '../../../generated/types';

export class StateGetCommand extends IcCommand {
  static override paths = [['state', 'get']];
  static override usage = IcCommand.Usage({
    description: 'Print the payload stored under (key, scope_id)',
    details: "Missing or expired entries print nothing and exit 1.\n\nExit codes: 1 missing or expired.\n\nGlobal flags: --db=<path> --timeout=<duration> --json --verbose.",
    examples: [],
  });

  key = Option.String({ name: 'key' });
  scope_id = Option.String({ name: 'scope_id' });

  override async execute(): Promise<number> {
    return runCommand('state get', this.context.globals, this.context, async (ctx) => {
      if (this.key === undefined || this.key === '') throw new UsageError('missing argument <key>');
      if (this.scope_id === undefined || this.scope_id === '') throw new UsageError('missing argument <scope_id>');
      const args: Args = {
        key: this.key,
        scope_id: this.scope_id,
      };
      const outcome: Outcome<Data> = await get(ctx, args);
      return { exit: outcome.exit ?? 0, out: render(outcome, ctx.globals.json) };
    });
  }
}

function render(outcome: Outcome<Data>, json: boolean): string {
  if (json) return str(outcome.data);
  return outcome.text ?? str(outcome.data);
}
