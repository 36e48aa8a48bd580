// GENERATED from spec/intercore.yaml by codegen/. DO NOT EDIT: change the spec (or codegen/) and run `npm run gen`.

import { Option } from 'clipanion';
import { IcCommand } from '../../../generated/commands/base';
import { runCommand } from '../../../src/cli/run-command';
import type { Outcome } from '../../../src/cli/outcome';
import * as value from '../../../src/cli/values';
import { UsageError } from '../../../src/cli/errors';
import { str, present } from '../../../src/cli/format';
import { advance } from '../../../src/phase/handlers';
import type { RunAdvanceArgs as Args, RunAdvanceData as Data } from '../../../generated/types';

export class RunAdvanceCommand extends IcCommand {
  static override paths = [['run', 'advance']];
  static override usage = IcCommand.Usage({
    description: 'Move a run to its next phase',
    details: "The next phase is the next one walked at the run's complexity. Exit 1 when the run is paused (auto_advance off), blocked, terminal, already done, or when a concurrent advance moved it first.\n\nExit codes: 1 paused, blocked, terminal, or lost a race.\n\nGlobal flags: --db=<path> --timeout=<duration> --json --verbose.",
    examples: [],
  });

  id = Option.String({ name: 'id' });
  priority = Option.String('--priority', { description: 'gate tier: 0-1 hard, 2-3 soft, 4+ none' });
  disable_gates = Option.Boolean('--disable-gates', false);
  skip_reason = Option.String('--skip-reason');

  override async execute(): Promise<number> {
    return runCommand('run advance', this.context.globals, this.context, async (ctx) => {
      if (this.id === undefined || this.id === '') throw new UsageError('missing argument <id>');
      const args: Args = {
        id: this.id,
        priority: this.priority === undefined ? 4 : value.integer('--priority', this.priority, { min: 0 }),
        disable_gates: this.disable_gates,
        skip_reason: this.skip_reason,
      };
      const outcome: Outcome<Data> = await advance(ctx, args);
      return { exit: outcome.exit ?? 0, out: render(outcome, ctx.globals.json) };
    });
  }
}

function view(d: Data): Record<string, unknown> {
  const v: Record<string, unknown> = {};
  v.advanced = d.advanced;
  v.event_type = d.event_type;
  v.from_phase = d.from_phase;
  v.gate_result = d.gate_result;
  v.gate_tier = d.gate_tier;
  v.reason = d.reason;
  v.to_phase = d.to_phase;
  return v;
}

function render(outcome: Outcome<Data>, json: boolean): string {
  const v = view(outcome.data);
  if (json) return JSON.stringify(v);
  const lines: string[] = [];
  if (present(v.advanced)) lines.push(`${str(v.from_phase)} → ${str(v.to_phase)}`);
  if (!(present(v.advanced))) lines.push(`${str(v.from_phase)} (blocked: ${str(v.event_type)})`);
  return lines.join('\n');
}
