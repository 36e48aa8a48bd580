// ic completion <shell>: prints the completion script generated from the
// spec. ic completion-ids <kind> (hidden): the ids the scripts offer for an
// argument that takes a run or a dispatch.
import { BASH_COMPLETION, FISH_COMPLETION, ZSH_COMPLETION } from '../../generated/completion';
import { completionDispatches } from '../../generated/db/queries/dispatch';
import { completionRuns } from '../../generated/db/queries/run';
import type { CompletionArgs, CompletionData, CompletionIdsArgs, CompletionIdsData } from '../../generated/types';
import type { Context, OptionalDbContext } from '../cli/context';

const SCRIPTS: Record<CompletionArgs['shell'], string> = { bash: BASH_COMPLETION, zsh: ZSH_COMPLETION, fish: FISH_COMPLETION };

export function script(_ctx: Context, args: CompletionArgs): CompletionData {
  // The runner ends the output with a newline of its own.
  return { script: SCRIPTS[args.shell].replace(/\n$/, '') };
}

/** A word about an id, on one line without tabs. */
const words = (...parts: (string | null | undefined)[]) =>
  parts
    .filter((p) => p)
    .join(' ')
    .replace(/\s+/g, ' ')
    .slice(0, 60);

/**
 * `id<TAB>about it`, one a line, newest first. Completion must never print an
 * error into a prompt: no database, a bad --db, an old schema or a busy file
 * is no ids, exit 0.
 */
export function ids(ctx: OptionalDbContext, args: CompletionIdsArgs): CompletionIdsData {
  try {
    const found = ctx.openIfExists();
    if (!found) return {};
    const lines =
      args.kind === 'runs'
        ? completionRuns(found.db).map((r) => `${r.id}\t${words(r.status, r.phase, r.goal)}`)
        : completionDispatches(found.db).map((d) => `${d.id}\t${words(d.status, d.agent_type, d.name)}`);
    return lines.length ? { ids: lines.join('\n') } : {};
  } catch {
    return {};
  }
}
