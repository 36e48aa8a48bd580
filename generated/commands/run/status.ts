// GENERATED from spec/intercore.yaml by codegen/. DO NOT EDIT: change the spec (or codegen/) and run `npm run gen`.

import { Option } from 'clipanion';
import { IcCommand } from '../../../generated/commands/base';
import { runCommand } from '../../../src/cli/run-command';
import type { Outcome } from '../../../src/cli/outcome';
import { UsageError, NotFoundError } from '../../../src/cli/errors';
import { str, present, blockLine } from '../../../src/cli/format';
import type { RunsRow } from '../../../generated/entities';
import { toRunView } from '../../../generated/entities/views';
import type { RunStatusArgs as Args, RunStatusData as Data } from '../../../generated/types';

export class RunStatusCommand extends IcCommand {
  static override paths = [['run', 'status']];
  static override usage = IcCommand.Usage({
    description: 'Show a run',
    details: "Global flags: --db=<path> --timeout=<duration> --json --verbose.",
    examples: [],
  });

  id = Option.String({ name: 'id' });

  override async execute(): Promise<number> {
    return runCommand('run status', this.context.globals, this.context, async (ctx) => {
      if (this.id === undefined || this.id === '') throw new UsageError('missing argument <id>');
      const args: Args = {
        id: this.id,
      };
      const data = ctx.db.prepare('SELECT * FROM runs WHERE id = ?').get(args.id) as RunsRow | undefined;
      if (data === undefined) throw new NotFoundError(`not found: ${args.id}`);
      const outcome: Outcome<Data> = { data };
      return { exit: outcome.exit ?? 0, out: render(outcome, ctx.globals.json) };
    });
  }
}

function view(d: Data): Record<string, unknown> {
  return toRunView(d);
}

function render(outcome: Outcome<Data>, json: boolean): string {
  const v = view(outcome.data);
  if (json) return JSON.stringify(v);
  const lines: string[] = [];
  lines.push(blockLine('ID', 12, str(v.id)));
  lines.push(blockLine('Status', 12, str(v.status)));
  lines.push(blockLine('Phase', 12, str(v.phase)));
  lines.push(blockLine('Goal', 12, str(v.goal)));
  lines.push(blockLine('Project', 12, str(v.project_dir)));
  lines.push(blockLine('Complexity', 12, str(v.complexity)));
  if (present(v.force_full)) lines.push(blockLine('ForceFull', 12, `true`));
  if (!(present(v.auto_advance))) lines.push(blockLine('AutoAdv', 12, `false`));
  if (present(v.scope_id)) lines.push(blockLine('Scope', 12, str(v.scope_id)));
  return lines.join('\n');
}
