// A job's spawn options (scheduler_jobs.spawn_opts): what its dispatch will
// be. Go writes two forms and so does ic: `scheduler submit` a JSON object
// of four snake_case keys, `dispatch spawn --scheduled` Go's SpawnOptions
// struct (CamelCase keys, every field). Either is read back here, and a job
// Go queued (paths relative to the directory it was submitted from, which
// Go did not keep) resolves them against its project directory.
import { isAbsolute, resolve } from 'node:path';
import { FailureError } from '../cli/errors';

/** What a job's dispatch is made from. Paths are absolute once stored by ic. */
export interface SpawnRequest {
  agentType: string;
  projectDir: string;
  promptFile: string;
  outputFile?: string;
  name?: string;
  model?: string;
  sandbox?: string;
  sandboxSpec?: string;
  timeoutSec?: number;
  scopeId?: string;
  parentId?: string;
  dispatchSh?: string;
  parentDispatchId?: string;
}

/** `scheduler submit`'s form: Go's map, its keys sorted as Go's encoder writes them. */
export function submitOptions(r: Pick<SpawnRequest, 'agentType' | 'name' | 'projectDir' | 'promptFile'>): string {
  return JSON.stringify({ agent_type: r.agentType, name: r.name ?? '', project_dir: r.projectDir, prompt_file: r.promptFile });
}

/** `dispatch spawn --scheduled`'s form: Go's SpawnOptions, in its field order, unset fields zero. */
export function structOptions(r: SpawnRequest): string {
  return JSON.stringify({
    AgentType: r.agentType,
    ProjectDir: r.projectDir,
    PromptFile: r.promptFile,
    OutputFile: r.outputFile ?? '',
    Name: r.name ?? '',
    Model: r.model ?? '',
    Sandbox: r.sandbox ?? '',
    SandboxSpec: r.sandboxSpec ?? '',
    TimeoutSec: r.timeoutSec ?? 0,
    ScopeID: r.scopeId ?? '',
    ParentID: r.parentId ?? '',
    DispatchSH: r.dispatchSh ?? '',
    ParentDispatchID: r.parentDispatchId ?? '',
    Policy: null,
    BudgetQuerier: null,
  });
}

export class SpawnOptionsError extends FailureError {
  constructor(message: string) {
    super(`unusable spawn options: ${message}`);
    this.name = 'SpawnOptionsError';
  }
}

/** A job's stored options, in either form; throws SpawnOptionsError when they cannot make a dispatch. */
export function readOptions(stored: string, agentType: string): SpawnRequest {
  let o: unknown;
  try {
    o = JSON.parse(stored);
  } catch {
    throw new SpawnOptionsError('not JSON');
  }
  if (o === null || typeof o !== 'object' || Array.isArray(o)) throw new SpawnOptionsError('not a JSON object');
  const obj = o as Record<string, unknown>;
  const text = (...keys: string[]): string | undefined => {
    for (const k of keys) {
      const v = obj[k];
      if (typeof v === 'string' && v !== '') return v;
    }
    return undefined;
  };
  const projectDir = text('project_dir', 'ProjectDir');
  const promptFile = text('prompt_file', 'PromptFile');
  if (!projectDir || !isAbsolute(projectDir)) throw new SpawnOptionsError('no absolute project directory');
  if (!promptFile) throw new SpawnOptionsError('no prompt file');
  const timeout = obj.TimeoutSec;
  const path = (p: string | undefined) => (p === undefined ? undefined : resolve(projectDir, p));
  return {
    agentType: text('agent_type', 'AgentType') ?? agentType,
    projectDir,
    promptFile: path(promptFile)!,
    outputFile: path(text('OutputFile')),
    name: text('name', 'Name'),
    model: text('Model'),
    sandbox: text('Sandbox'),
    sandboxSpec: text('SandboxSpec'),
    timeoutSec: typeof timeout === 'number' && Number.isSafeInteger(timeout) && timeout > 0 ? timeout : undefined,
    scopeId: text('ScopeID'),
    parentId: text('ParentID'),
    dispatchSh: path(text('DispatchSH')),
    parentDispatchId: text('ParentDispatchID'),
  };
}
