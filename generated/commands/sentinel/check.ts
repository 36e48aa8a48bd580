// GENERATED from spec/intercore.yaml by codegen/. DO NOT EDIT: change the spec (or codegen/) and run `npm run gen`.

import { Option } from 'clipanion';
import { IcCommand } from '../../../generated/commands/base';
import { runCommand } from '../../../src/cli/run-command';
import type { Outcome } from '../../../src/cli/outcome';
import * as value from '../../../src/cli/values';
import { UsageError } from '../../../src/cli/errors';
import { present } from '../../../src/cli/format';
import { check } from '../../../src/sentinel/handlers';
import type { SentinelCheckArgs as Args, SentinelCheckData as Data } from '../../../generated/types';

export class SentinelCheckCommand extends IcCommand {
  static override paths = [['sentinel', 'check']];
  static override usage = IcCommand.Usage({
    description: 'Claim a throttle sentinel atomically',
    details: "Prints allowed (exit 0) or throttled (exit 1). Interval 0 fires once per (name, scope_id) until reset; N > 0 fires when at least N seconds have passed since it last fired. Sentinels idle for 7 days are pruned in the same transaction.\n\nExit codes: 0 allowed; 1 throttled.\n\nGlobal flags: --db=<path> --timeout=<duration> --json --verbose.",
    examples: [['At most once every 5 minutes', 'ic sentinel check compound sess-1 --interval=300']],
  });

  name = Option.String({ name: 'name' });
  scope_id = Option.String({ name: 'scope_id' });
  interval = Option.String('--interval', { description: 'seconds between firings (0 = once)' });

  override async execute(): Promise<number> {
    return runCommand('sentinel check', this.context.globals, this.context, async (ctx) => {
      if (this.name === undefined || this.name === '') throw new UsageError('missing argument <name>');
      if (this.scope_id === undefined || this.scope_id === '') throw new UsageError('missing argument <scope_id>');
      if (this.interval === undefined || this.interval === '') throw new UsageError('missing required flag --interval');
      const args: Args = {
        name: this.name,
        scope_id: this.scope_id,
        interval: value.integer('--interval', this.interval!, { min: 0 }),
      };
      const outcome: Outcome<Data> = await check(ctx, args);
      return { exit: outcome.exit ?? 0, out: render(outcome, ctx.globals.json) };
    });
  }
}

function view(d: Data): Record<string, unknown> {
  const v: Record<string, unknown> = {};
  v.allowed = d.allowed;
  return v;
}

function render(outcome: Outcome<Data>, json: boolean): string {
  const v = view(outcome.data);
  if (json) return JSON.stringify(v);
  const lines: string[] = [];
  if (present(v.allowed)) lines.push(`allowed`);
  if (!(present(v.allowed))) lines.push(`throttled`);
  return lines.join('\n');
}
