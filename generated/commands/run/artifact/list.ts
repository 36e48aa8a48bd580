// GENERATED from spec/intercore.yaml by codegen/. DO NOT EDIT: change the spec (or codegen/) and run `npm run gen`.

import { Option } from 'clipanion';
import { IcCommand } from '../../../../generated/commands/base';
import { runCommand } from '../../../../src/cli/run-command';
import type { Outcome } from '../../../../src/cli/outcome';
import { UsageError } from '../../../../src/cli/errors';
import { str } from '../../../../src/cli/format';
import { toRunArtifactView } from '../../../../generated/entities/views';
import type { RunArtifactListArgs as Args, RunArtifactListData as Data } from '../../../../generated/types';

export class RunArtifactListCommand extends IcCommand {
  static override paths = [['run', 'artifact', 'list']];
  static override usage = IcCommand.Usage({
    description: 'List a run\'s artifacts, oldest first',
    details: "Global flags: --db=<path> --timeout=<duration> --json --verbose.",
    examples: [],
  });

  run_id = Option.String({ name: 'run_id' });
  phase = Option.String('--phase');

  override async execute(): Promise<number> {
    return runCommand('run artifact list', this.context.globals, this.context, async (ctx) => {
      if (this.run_id === undefined || this.run_id === '') throw new UsageError('missing argument <run_id>');
      const args: Args = {
        run_id: this.run_id,
        phase: this.phase,
      };
      const where: string[] = [];
      const params: unknown[] = [];
      where.push('run_id = ?'); params.push(args.run_id);
      if (args.phase !== undefined) { where.push('phase = ?'); params.push(args.phase); }
      const data = ctx.db.prepare('SELECT * FROM run_artifacts' + (where.length ? ' WHERE ' + where.join(' AND ') : '') + ' ORDER BY created_at, rowid').all(...params) as Data;
      const outcome: Outcome<Data> = { data };
      return { exit: outcome.exit ?? 0, out: render(outcome, ctx.globals.json) };
    });
  }
}

function view(d: Data[number]): Record<string, unknown> {
  return toRunArtifactView(d);
}

function render(outcome: Outcome<Data>, json: boolean): string {
  const views = outcome.data.map(view);
  if (json) return JSON.stringify(views);
  return views.map((row) => [str(row.id), str(row.phase), str(row.type), str(row.path)].join('\t')).join('\n');
}
