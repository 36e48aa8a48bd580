// GENERATED from spec/intercore.yaml by codegen/. DO NOT EDIT: change the spec (or codegen/) and run `npm run gen`.

import { Option } from 'clipanion';
import { IcCommand } from '../../../generated/commands/base';
import { runCommand } from '../../../src/cli/run-command';
import type { Outcome } from '../../../src/cli/outcome';
import * as value from '../../../src/cli/values';
import { UsageError } from '../../../src/cli/errors';
import { set } from '../../../src/phase/handlers';
import type { RunSetArgs as Args, RunSetData as Data } from '../../../generated/types';

export class RunSetCommand extends IcCommand {
  static override paths = [['run', 'set']];
  static override usage = IcCommand.Usage({
    description: 'Change a run\'s complexity, auto-advance or force-full setting',
    details: "Global flags: --db=<path> --timeout=<duration> --json --verbose.",
    examples: [],
  });

  id = Option.String({ name: 'id' });
  complexity = Option.String('--complexity');
  auto_advance = Option.String('--auto-advance');
  force_full = Option.String('--force-full');

  override async execute(): Promise<number> {
    return runCommand('run set', this.context.globals, this.context, async (ctx) => {
      if (this.id === undefined || this.id === '') throw new UsageError('missing argument <id>');
      if (this.complexity === undefined && this.auto_advance === undefined && this.force_full === undefined) throw new UsageError('give at least one of --complexity, --auto-advance, --force-full');
      const args: Args = {
        id: this.id,
        complexity: this.complexity === undefined ? undefined : value.integer('--complexity', this.complexity, { min: 1, max: 5 }),
        auto_advance: this.auto_advance === undefined ? undefined : value.bool('--auto-advance', this.auto_advance),
        force_full: this.force_full === undefined ? undefined : value.bool('--force-full', this.force_full),
      };
      const outcome: Outcome<Data> = await set(ctx, args);
      return { exit: outcome.exit ?? 0, out: render(outcome, ctx.globals.json) };
    });
  }
}

function view(d: Data): Record<string, unknown> {
  const v: Record<string, unknown> = {};
  v.id = d.id;
  v.updated = d.updated;
  return v;
}

function render(outcome: Outcome<Data>, json: boolean): string {
  const v = view(outcome.data);
  if (json) return JSON.stringify(v);
  return `updated`;
}
