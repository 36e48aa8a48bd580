// GENERATED from spec/intercore.yaml by codegen/. DO NOT EDIT: change the spec (or codegen/) and run `npm run gen`.

import { Option } from 'clipanion';
import { IcCommand } from '../../../generated/commands/base';
import { runCommand } from '../../../src/cli/run-command';
import type { Outcome } from '../../../src/cli/outcome';
import * as value from '../../../src/cli/values';
import { UsageError } from '../../../src/cli/errors';
import { str } from '../../../src/cli/format';
import { create } from '../../../src/phase/handlers';
import type { RunCreateArgs as Args, RunCreateData as Data } from '../../../generated/types';

export class RunCreateCommand extends IcCommand {
  static override paths = [['run', 'create']];
  static override usage = IcCommand.Usage({
    description: 'Start a run in phase brainstorm',
    details: "Global flags: --db=<path> --timeout=<duration> --json --verbose.",
    examples: [],
  });

  project = Option.String('--project', { description: 'project directory (default the working directory)' });
  goal = Option.String('--goal', { description: 'what the run is for' });
  complexity = Option.String('--complexity');
  scope_id = Option.String('--scope-id');

  override async execute(): Promise<number> {
    return runCommand('run create', this.context.globals, this.context, async (ctx) => {
      if (this.goal === undefined || this.goal === '') throw new UsageError('missing required flag --goal');
      const args: Args = {
        project: this.project,
        goal: this.goal!,
        complexity: this.complexity === undefined ? 3 : value.integer('--complexity', this.complexity, { min: 1, max: 5 }),
        scope_id: this.scope_id,
      };
      const outcome: Outcome<Data> = await create(ctx, args);
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
  return str(v.id);
}
