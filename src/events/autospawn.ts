// Auto-spawn (contract v6, 6.4): when a run really advances into a phase
// named `executing`, each of its active agents without a dispatch is started
// as `dispatch spawn` would start it, its prompt at
// <project>/.ic/prompts/<agent name>.md, scoped to the run. The agent is
// linked to its dispatch in the same transaction that records the dispatch,
// and only if still unlinked: two advances racing cannot start one agent twice.
import { dirname, join } from 'node:path';
import { linkAgentDispatch, waitingAgents } from '../../generated/db/queries/run';
import { DEFAULTS } from '../../generated/db/tables';
import type { RunsRow } from '../../generated/entities';
import type { DbContext } from '../cli/context';
import { firstLine } from '../cli/errors';
import { newDispatchRow, startDispatch } from '../dispatch/lifecycle';
import { isRegularFile } from '../fs/stat';
import { agentCommand } from '../dispatch/script';

class AlreadyLinked extends Error {}

export async function autoSpawn(ctx: DbContext, run: RunsRow): Promise<void> {
  const waiting = waitingAgents(ctx.db, { run_id: run.id });
  for (const agent of waiting) {
    try {
      if (!agent.name) throw new Error('the agent has no name (its prompt file is .ic/prompts/<name>.md)');
      const prompts = join(run.project_dir, '.ic', 'prompts');
      const promptFile = join(prompts, `${agent.name}.md`);
      // A name is a file name in .ic/prompts, never a way out of it (`../x`, `a/b`).
      if (agent.name.includes('/') || agent.name.includes('\0') || dirname(promptFile) !== prompts) {
        throw new Error(`the agent's name ${JSON.stringify(agent.name)} is not a file name (its prompt file must be in ${prompts})`);
      }
      if (!isRegularFile(promptFile)) throw new Error(`no prompt file ${promptFile}`);
      const row = newDispatchRow({ agent_type: agent.agent_type, project_dir: run.project_dir, prompt_file: promptFile, scope_id: run.id });
      const command = agentCommand(
        { project: run.project_dir, promptFile, output: row.output_file, sandbox: DEFAULTS.dispatches.sandbox },
        ctx.cwd,
        ctx.env,
      );
      await startDispatch(ctx, row, command, (tx) => {
        if (linkAgentDispatch(tx.db, { id: agent.id, dispatch_id: row.id, now: tx.now }) !== 1) throw new AlreadyLinked();
      });
      ctx.stderr(`[event] auto-spawn: agent ${agent.id} started`);
    } catch (err) {
      const reason = err instanceof AlreadyLinked ? 'linked to a dispatch by another process first' : firstLine(err);
      ctx.stderr(`[event] auto-spawn: agent ${agent.id} failed: ${reason}`);
    }
  }
}
