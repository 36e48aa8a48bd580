// ic completion <shell>: prints the completion script generated from the spec.
import { BASH_COMPLETION } from '../../generated/completion';
import type { CompletionArgs, CompletionData } from '../../generated/types';
import type { Context } from '../cli/context';

const SCRIPTS: Record<CompletionArgs['shell'], string> = { bash: BASH_COMPLETION };

export function script(_ctx: Context, args: CompletionArgs): CompletionData {
  // The runner ends the output with a newline of its own.
  return { script: SCRIPTS[args.shell].replace(/\n$/, '') };
}
