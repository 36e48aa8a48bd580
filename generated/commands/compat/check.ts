// GENERATED from spec/intercore.yaml by codegen/. DO NOT EDIT: change the spec (or codegen/) and run `npm run gen`.

import { Option } from 'clipanion';
import { IcCommand } from '../../../generated/commands/base';
import { runCommand } from '../../../src/cli/run-command';
import type { Outcome } from '../../../src/cli/outcome';
import { UsageError } from '../../../src/cli/errors';
import { str, present } from '../../../src/cli/format';
import { check } from '../../../src/compat/handlers';
import type { CompatCheckArgs as Args, CompatCheckData as Data } from '../../../generated/types';

export class CompatCheckCommand extends IcCommand {
  static override paths = [['compat', 'check']];
  static override usage = IcCommand.Usage({
    description: 'Say whether a legacy key has live state in the DB',
    details: "Exit codes: 1 not in DB.\n\nGlobal flags: --db=<path> --timeout=<duration> --json --verbose.",
    examples: [],
  });

  key = Option.String({ name: 'key' });

  override async execute(): Promise<number> {
    return runCommand('compat check', this.context.globals, this.context, async (ctx) => {
      if (this.key === undefined || this.key === '') throw new UsageError('missing argument <key>');
      const args: Args = {
        key: this.key,
      };
      const outcome: Outcome<Data> = await check(ctx, args);
      return { exit: outcome.exit ?? 0, out: render(outcome, ctx.globals.json) };
    });
  }
}

function view(d: Data): Record<string, unknown> {
  const v: Record<string, unknown> = {};
  v.key = d.key;
  if (d.scopes != null) v.scopes = d.scopes;
  return v;
}

function render(outcome: Outcome<Data>, json: boolean): string {
  const v = view(outcome.data);
  if (json) return JSON.stringify(v);
  const lines: string[] = [];
  if (present(v.scopes)) lines.push(`${str(v.key)}: ${str(v.scopes)} scope(s) in DB`);
  if (!(present(v.scopes))) lines.push(`${str(v.key)}: not in DB`);
  return lines.join('\n');
}
