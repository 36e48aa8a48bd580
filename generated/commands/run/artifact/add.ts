// GENERATED from spec/intercore.yaml by codegen/. DO NOT EDIT: change the spec (or codegen/) and run `npm run gen`.

import { Option } from 'clipanion';
import { IcCommand } from '../../../../generated/commands/base';
import { runCommand } from '../../../../src/cli/run-command';
import type { Outcome } from '../../../../src/cli/outcome';
import { UsageError, NotFoundError } from '../../../../src/cli/errors';
import { str } from '../../../../src/cli/format';
import { RunArtifactsStore } from '../../../../generated/stores';
import type { RunArtifactAddArgs as Args, RunArtifactAddData as Data } from '../../../../generated/types';

export class RunArtifactAddCommand extends IcCommand {
  static override paths = [['run', 'artifact', 'add']];
  static override usage = IcCommand.Usage({
    description: 'Record a file produced by a run',
    details: "Exit codes: 1 run not found.\n\nGlobal flags: --db=<path> --timeout=<duration> --json --verbose.",
    examples: [],
  });

  run_id = Option.String({ name: 'run_id' });
  phase = Option.String('--phase');
  pathOption = Option.String('--path');
  type = Option.String('--type');

  override async execute(): Promise<number> {
    return runCommand('run artifact add', this.context.globals, this.context, async (ctx) => {
      if (this.run_id === undefined || this.run_id === '') throw new UsageError('missing argument <run_id>');
      if (this.phase === undefined || this.phase === '') throw new UsageError('missing required flag --phase');
      if (this.pathOption === undefined || this.pathOption === '') throw new UsageError('missing required flag --path');
      const args: Args = {
        run_id: this.run_id,
        phase: this.phase!,
        path: this.pathOption!,
        type: this.type ?? 'file',
      };
      let data;
      try {
        data = new RunArtifactsStore(ctx.db).insert({ run_id: args.run_id, phase: args.phase, path: args.path, type: args.type }, ctx.now());
      } catch (err) {
        if ((err as { code?: string }).code === 'SQLITE_CONSTRAINT_FOREIGNKEY') throw new NotFoundError(`run not found`);
        throw err;
      }
      const outcome: Outcome<Data> = { data };
      return { exit: outcome.exit ?? 0, out: render(outcome, ctx.globals.json) };
    });
  }
}

function view(d: Data): Record<string, unknown> {
  const v: Record<string, unknown> = {};
  v.id = d.id;
  return v;
}

function render(outcome: Outcome<Data>, json: boolean): string {
  const v = view(outcome.data);
  if (json) return JSON.stringify(v);
  return str(v.id);
}
