// GENERATED from spec/intercore.yaml by codegen/. DO NOT EDIT: change the spec (or codegen/) and run `npm run gen`.

import { Option } from 'clipanion';
import { IcCommand } from '../../../generated/commands/base';
import { runCommand } from '../../../src/cli/run-command';
import type { Outcome } from '../../../src/cli/outcome';
import * as value from '../../../src/cli/values';
import { UsageError } from '../../../src/cli/errors';
import { str } from '../../../src/cli/format';
import { spawn } from '../../../src/dispatch/handlers';
import type { DispatchSpawnArgs as Args, DispatchSpawnData as Data } from '../../../generated/types';

export class DispatchSpawnCommand extends IcCommand {
  static override paths = [['dispatch', 'spawn']];
  static override usage = IcCommand.Usage({
    description: 'Start an agent process detached and track it',
    details: "Records the dispatch, starts the dispatch script (or codex exec) detached in its own process group, then records its pid. Prints the ID.\n\nGlobal flags: --db=<path> --json --verbose.",
    examples: [],
  });

  type = Option.String('--type', { description: 'agent type' });
  prompt_file = Option.String('--prompt-file');
  project = Option.String('--project', { description: 'project directory (default the working directory)' });
  output = Option.String('--output', { description: 'output file (default <tmpdir>/ic-dispatch-<unique>.md)' });
  name = Option.String('--name');
  model = Option.String('--model');
  sandbox = Option.String('--sandbox');
  timeout = Option.String('--timeout', { description: 'agent time limit, passed to the dispatch script' });
  scope_id = Option.String('--scope-id');
  parent_id = Option.String('--parent-id');
  dispatch_sh = Option.String('--dispatch-sh', { description: 'dispatch script to run' });

  override async execute(): Promise<number> {
    return runCommand('dispatch spawn', this.context.globals, this.context, async (ctx) => {
      if (this.prompt_file === undefined || this.prompt_file === '') throw new UsageError('missing required flag --prompt-file');
      const args: Args = {
        type: this.type ?? 'codex',
        prompt_file: this.prompt_file!,
        project: this.project,
        output: this.output,
        name: this.name,
        model: this.model,
        sandbox: this.sandbox ?? 'workspace-write',
        timeout: this.timeout === undefined ? undefined : value.duration('--timeout', this.timeout),
        scope_id: this.scope_id,
        parent_id: this.parent_id,
        dispatch_sh: this.dispatch_sh,
      };
      const outcome: Outcome<Data> = await spawn(ctx, args);
      return { exit: outcome.exit ?? 0, out: render(outcome, ctx.globals.json) };
    });
  }
}

function view(d: Data): Record<string, unknown> {
  const v: Record<string, unknown> = {};
  v.id = d.id;
  v.pid = d.pid;
  return v;
}

function render(outcome: Outcome<Data>, json: boolean): string {
  const v = view(outcome.data);
  if (json) return JSON.stringify(v);
  return str(v.id);
}
