// Which command runs an agent: the dispatch script, found in the contract's
// order, or bare `codex exec`.
import { dirname, join, resolve } from 'node:path';
import { isRegularFile } from '../fs/stat';

export interface AgentCommand {
  file: string;
  args: string[];
  cwd: string;
}

export interface AgentRequest {
  project: string;
  promptFile: string;
  output: string;
  name?: string;
  model?: string;
  sandbox?: string;
  timeoutSec?: number;
  /** --dispatch-sh, as given. */
  dispatchSh?: string;
}

/** The first hub/clavain/scripts/dispatch.sh walking up from `dir`. */
function findUp(dir: string): string | undefined {
  for (let at = dir; ; at = dirname(at)) {
    const candidate = join(at, 'hub/clavain/scripts/dispatch.sh');
    if (isRegularFile(candidate)) return candidate;
    if (dirname(at) === at) return undefined;
  }
}

/** The dispatch script: --dispatch-sh, then $CLAVAIN_DISPATCH_SH, each if it exists, then a walk up. */
export function findDispatchScript(cwd: string, env: NodeJS.ProcessEnv, flag?: string): string | undefined {
  if (flag && isRegularFile(resolve(cwd, flag))) return resolve(cwd, flag);
  const fromEnv = env.CLAVAIN_DISPATCH_SH;
  if (fromEnv && isRegularFile(resolve(cwd, fromEnv))) return resolve(cwd, fromEnv);
  return findUp(cwd);
}

export function agentCommand(request: AgentRequest, cwd: string, env: NodeJS.ProcessEnv): AgentCommand {
  const script = findDispatchScript(cwd, env, request.dispatchSh);
  if (!script) {
    const args = ['exec', '--prompt-file', request.promptFile];
    if (request.model) args.push('-m', request.model);
    return { file: 'codex', args, cwd: request.project };
  }
  const args = [script, '-C', request.project, '-o', request.output, '--prompt-file', request.promptFile];
  if (request.name) args.push('-n', request.name);
  if (request.model) args.push('-m', request.model);
  if (request.sandbox) args.push('--sandbox', request.sandbox);
  if (request.timeoutSec !== undefined) args.push('--timeout', String(request.timeoutSec));
  return { file: 'bash', args, cwd: request.project };
}
