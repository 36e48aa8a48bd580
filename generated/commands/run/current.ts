// GENERATED from spec/intercore.yaml by codegen/. DO NOT EDIT: change the spec (or codegen/) and run `npm run gen`.

import { Option } from 'clipanion';
import { IcCommand } from '../../../generated/commands/base';
import { runCommand } from '../../../src/cli/run-command';
import type { Outcome } from '../../../src/cli/outcome';
import { str, present } from '../../../src/cli/format';
import { current } from '../../../src/runtrack/handlers';
import type { RunCurrentArgs as Args, RunCurrentData as Data } from '../../../generated/types';

export class RunCurrentCommand extends IcCommand {
  static override paths = [['run', 'current']];
  static override usage = IcCommand.Usage({
    description: 'Print the most recent active run of a project',
    details: "Exit 1 (and {\"found\":false} with --json) when the project has no active run.\n\nExit codes: 1 no active run.\n\nGlobal flags: --db=<path> --timeout=<duration> --json --verbose.",
    examples: [],
  });

  project = Option.String('--project', { description: 'project directory (default the working directory)' });

  override async execute(): Promise<number> {
    return runCommand('run current', this.context.globals, this.context, async (ctx) => {
      const args: Args = {
        project: this.project,
      };
      const outcome: Outcome<Data> = await current(ctx, args);
      return { exit: outcome.exit ?? 0, out: render(outcome, ctx.globals.json) };
    });
  }
}

function view(d: Data): Record<string, unknown> {
  const v: Record<string, unknown> = {};
  v.found = d.found;
  if (d.goal != null) v.goal = d.goal;
  if (d.id != null) v.id = d.id;
  if (d.phase != null) v.phase = d.phase;
  return v;
}

function render(outcome: Outcome<Data>, json: boolean): string {
  const v = view(outcome.data);
  if (json) return JSON.stringify(v);
  const lines: string[] = [];
  if (present(v.found)) lines.push(str(v.id));
  return lines.join('\n');
}
