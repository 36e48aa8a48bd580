// Auto-spawn (contract v6, 6.4): when a run really advances into a phase
// named `executing`, each of its active agents without a dispatch is started
// as `dispatch spawn` would start it, its prompt at
// <project>/.ic/prompts/<agent name>.md, scoped to the run. The agent is
// linked to its dispatch in the same transaction that records the dispatch,
// and only if still unlinked: two advances racing cannot start one agent twice.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runAgents } from '../../generated/db/tables';
import type { RunsRow } from '../../generated/entities';
import { AgentStatus } from '../../generated/values';
import type { DbContext } from '../cli/context';
import { firstLine } from '../cli/errors';
import { newId } from '../db/ids';
import { constant, isNull } from '../db/store';
import { startDispatch } from '../dispatch/lifecycle';
import { isRegularFile } from '../fs/stat';
import { promptHash } from '../dispatch/handlers';
import { agentCommand } from '../dispatch/script';

class AlreadyLinked extends Error {}

export async function autoSpawn(ctx: DbContext, run: RunsRow): Promise<void> {
  const waiting = runAgents.list(
    ctx.db,
    { run_id: run.id, status: constant(AgentStatus.Active), dispatch_id: isNull() },
    { order: ['created_at', 'rowid'] },
  );
  for (const agent of waiting) {
    try {
      if (!agent.name) throw new Error('the agent has no name (its prompt file is .ic/prompts/<name>.md)');
      const promptFile = join(run.project_dir, '.ic', 'prompts', `${agent.name}.md`);
      if (!isRegularFile(promptFile)) throw new Error(`no prompt file ${promptFile}`);
      const id = newId();
      const output = join(tmpdir(), `ic-dispatch-${id}.md`);
      const command = agentCommand({ project: run.project_dir, promptFile, output, sandbox: 'workspace-write' }, ctx.cwd, ctx.env);
      const values = {
        id,
        agent_type: agent.agent_type,
        project_dir: run.project_dir,
        prompt_file: promptFile,
        prompt_hash: promptHash(promptFile),
        output_file: output,
        verdict_file: `${output}.verdict`,
        scope_id: run.id,
      };
      await startDispatch(ctx, values, command, (tx) => {
        if (runAgents.update(tx.db, { id: agent.id, dispatch_id: isNull() }, { dispatch_id: id, updated_at: tx.now }) !== 1)
          throw new AlreadyLinked();
      });
      ctx.stderr(`[event] auto-spawn: agent ${agent.id} started`);
    } catch (err) {
      const reason = err instanceof AlreadyLinked ? 'linked to a dispatch by another process first' : firstLine(err);
      ctx.stderr(`[event] auto-spawn: agent ${agent.id} failed: ${reason}`);
    }
  }
}
