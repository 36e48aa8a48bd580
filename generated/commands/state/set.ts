// GENERATED from spec/intercore.yaml by codegen/. DO NOT EDIT: change the spec (or codegen/) and run `npm run gen`.

import { Option } from 'clipanion';
import { IcCommand } from '../../../generated/commands/base';
import { runCommand } from '../../../src/cli/run-command';
import type { Outcome } from '../../../src/cli/outcome';
import * as value from '../../../src/cli/values';
import { UsageError } from '../../../src/cli/errors';
import { set } from '../../../src/state/handlers';
import type { StateSetArgs as Args, StateSetData as Data } from '../../../generated/types';

export class StateSetCommand extends IcCommand {
  static override paths = [['state', 'set']];
  static override usage = IcCommand.Usage({
    description: 'Store a JSON payload under (key, scope_id)',
    details: "The payload comes from stdin, or from @file (a file under the working directory). Surrounding whitespace is trimmed and the text is stored as given. Limits: valid JSON, at most 1 MiB, nesting depth 20, object keys of 1000 characters, strings of 100 KiB, arrays of 10000 elements.\n\nGlobal flags: --db=<path> --timeout=<duration> --json --verbose.",
    examples: [['Store a document', 'echo \'{"n":1}\' | ic state set progress sess-1'], ['Store a file\'s content for an hour', 'ic state set plan sess-1 --ttl=1h @plan.json']],
  });

  key = Option.String({ name: 'key' });
  scope_id = Option.String({ name: 'scope_id' });
  file = Option.String({ name: 'file', required: false });
  ttl = Option.String('--ttl', { description: 'expire the entry after this long (at least 1s)' });

  override async execute(): Promise<number> {
    return runCommand('state set', this.context.globals, this.context, async (ctx) => {
      if (this.key === undefined || this.key === '') throw new UsageError('missing argument <key>');
      if (this.scope_id === undefined || this.scope_id === '') throw new UsageError('missing argument <scope_id>');
      if (this.file === '') throw new UsageError('empty argument <file>');
      const args: Args = {
        key: this.key,
        scope_id: this.scope_id,
        file: this.file,
        ttl: this.ttl === undefined ? undefined : value.duration('--ttl', this.ttl),
      };
      const outcome: Outcome<Data> = await set(ctx, args);
      return { exit: outcome.exit ?? 0, out: render(outcome, ctx.globals.json) };
    });
  }
}

function render(outcome: Outcome<Data>, json: boolean): string {
  if (json) return '';
  return '';
}
