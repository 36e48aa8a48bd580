// GENERATED from spec/intercore.yaml by codegen/. DO NOT EDIT: change the spec (or codegen/) and run `npm run gen`.

import { Option } from 'clipanion';
import { IcCommand } from '../../../../generated/commands/base';
import { runCommand } from '../../../../src/cli/run-command';
import type { Outcome } from '../../../../src/cli/outcome';
import * as value from '../../../../src/cli/values';
import { UsageError, NotFoundError } from '../../../../src/cli/errors';
import type { RunAgentUpdateArgs as Args, RunAgentUpdateData as Data } from '../../../../generated/types';

export class RunAgentUpdateCommand extends IcCommand {
  static override paths = [['run', 'agent', 'update']];
  static override usage = IcCommand.Usage({
    description: 'Set an agent\'s status',
    details: "Takes <agent_id>, or <run_id> <agent_id> to require the agent to belong to that run.\n\nGlobal flags: --db=<path> --timeout=<duration> --json --verbose.",
    examples: [],
  });

  run_id = Option.String({ name: 'run_id', required: false });
  agent_id = Option.String({ name: 'agent_id' });
  status = Option.String('--status');

  override async execute(): Promise<number> {
    return runCommand('run agent update', this.context.globals, this.context, async (ctx) => {
      if (this.run_id === '') throw new UsageError('empty argument <run_id>');
      if (this.agent_id === undefined || this.agent_id === '') throw new UsageError('missing argument <agent_id>');
      if (this.status === undefined || this.status === '') throw new UsageError('missing required flag --status');
      const args: Args = {
        run_id: this.run_id,
        agent_id: this.agent_id,
        status: value.oneOf('--status', this.status!, ['active', 'completed', 'failed'] as const),
      };
      const now = ctx.now();
      const where: string[] = [];
      const params: unknown[] = [];
      where.push('id = ?'); params.push(args.agent_id);
      if (args.run_id !== undefined) { where.push('run_id = ?'); params.push(args.run_id); }
      const changes = ctx.db.prepare('UPDATE run_agents SET status = ?, updated_at = ?' + (where.length ? ' WHERE ' + where.join(' AND ') : '')).run(args.status, now, ...params).changes;
      if (changes === 0) throw new NotFoundError(`agent not found: ${args.agent_id}`);
      const data = { updated: changes };
      const outcome: Outcome<Data> = { data };
      return { exit: outcome.exit ?? 0, out: render(outcome, ctx.globals.json) };
    });
  }
}

function view(d: Data): Record<string, unknown> {
  const v: Record<string, unknown> = {};
  v.updated = d.updated;
  return v;
}

function render(outcome: Outcome<Data>, json: boolean): string {
  const v = view(outcome.data);
  if (json) return JSON.stringify(v);
  return `updated`;
}
