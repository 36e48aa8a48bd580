// ic completion <shell>: prints the completion script generated from the spec.
import { BASH_COMPLETION } from '../../generated/completion';
import type { CompletionArgs, CompletionData } from '../../generated/types';
import type { CommandContext } from '../cli/context';
import type { Outcome } from '../cli/outcome';

const SCRIPTS: Record<CompletionArgs['shell'], string> = { bash: BASH_COMPLETION };

export function script(_ctx: CommandContext, args: CompletionArgs): Outcome<CompletionData> {
  // The runner ends the output with a newline of its own.
  return { data: undefined, text: SCRIPTS[args.shell].replace(/\n$/, '') };
}
