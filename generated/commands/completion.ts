// GENERATED from spec/intercore.yaml by codegen/. DO NOT EDIT: change the spec (or codegen/) and run `npm run gen`.

import { Option } from 'clipanion';
import { IcCommand } from '../../generated/commands/base';
import { runCommand } from '../../src/cli/run-command';
import type { Outcome } from '../../src/cli/outcome';
import * as value from '../../src/cli/values';
import { UsageError } from '../../src/cli/errors';
import { str } from '../../src/cli/format';
import { script } from '../../src/completion/handlers';
import type { CompletionArgs as Args, CompletionData as Data } from '../../generated/types';

export class CompletionCommand extends IcCommand {
  static override paths = [['completion']];
  static override usage = IcCommand.Usage({
    description: 'Print a shell completion script',
    details: "Load it in bash with: source <(ic completion bash)\n\nGlobal flags: --db=<path> --timeout=<duration> --json --verbose.",
    examples: [['Complete ic in this shell', 'source <(ic completion bash)']],
  });

  shell = Option.String({ name: 'shell' });

  override async execute(): Promise<number> {
    return runCommand('completion', this.context.globals, this.context, async (ctx) => {
      if (this.shell === undefined || this.shell === '') throw new UsageError('missing argument <shell>');
      const args: Args = {
        shell: value.oneOf('<shell>', this.shell!, ['bash'] as const),
      };
      const outcome: Outcome<Data> = await script(ctx, args);
      return { exit: outcome.exit ?? 0, out: render(outcome, ctx.globals.json) };
    });
  }
}

function render(outcome: Outcome<Data>, json: boolean): string {
  if (json) return '';
  return outcome.text ?? str(outcome.data);
}
