// The agent's process: started detached in its own process group, checked
// by /proc (or signal 0) and its start time, and stopped as a group.
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { isOurAgent, safeSignalGroup, signalLeftoverGroup } from './identity';
import type { AgentCommand } from './script';

/** SIGTERM first; after this long, SIGKILL. */
export const KILL_GRACE_MS = 5000;
const KILL_CHECK_MS = 50;
/** How long SIGKILL may take to land. */
const KILL_REAP_MS = 2000;

/** An agent started but held at its first instruction until ic has recorded it (see startGated). */
export interface GatedAgent {
  pid: number;
  /** Lets the agent run. */
  release(): void;
  /** The agent never runs: its gate closes unopened and the wrapper exits. */
  abort(): void;
}

/**
 * The wrapper every agent starts under: it waits on fd 3 for "go" before
 * exec'ing the agent (same pid, same process group), and exits without
 * running it when fd 3 closes first. So an agent runs only once ic has
 * written its pid into the dispatch row: an ic killed (or a database that
 * failed) in between leaves no untracked agent behind.
 */
const GATE = 'IFS= read -r go <&3 && [ "$go" = go ] || exit 126; exec 3<&-; exec "$@"';

/** The executable `file` resolves to (PATH for a bare name), or undefined. */
function executable(file: string, cwd: string, env: NodeJS.ProcessEnv): string | undefined {
  const candidates = file.includes('/')
    ? [resolve(cwd, file)]
    : (env.PATH ?? '')
        .split(delimiter)
        .filter(Boolean)
        .map((dir) => join(dir, file));
  return candidates.find((path) => {
    try {
      accessSync(path, constants.X_OK);
      return statSync(path).isFile();
    } catch {
      return false;
    }
  });
}

/**
 * Starts the command detached, in a new process group, with stdio on
 * /dev/null, held at its gate. Resolves once the process exists, or rejects
 * with the reason it could not start (a command that is not there, a project
 * directory that is not there).
 */
export function startGated(command: AgentCommand, env: NodeJS.ProcessEnv = process.env): Promise<GatedAgent> {
  return new Promise((resolveAgent, reject) => {
    const missing = () => new Error(`${command.file}: command not found (or no directory ${command.cwd})`);
    if (!existsSync(command.cwd) || !executable(command.file, command.cwd, env)) {
      reject(missing());
      return;
    }
    // child_process (with net and the streams) loads when an agent starts, not with every command that reaches this module.
    const { spawn } = require('node:child_process') as typeof import('node:child_process');
    const child = spawn('/bin/sh', ['-c', GATE, 'ic-agent', command.file, ...command.args], {
      cwd: command.cwd,
      detached: true,
      env,
      stdio: ['ignore', 'ignore', 'ignore', 'pipe'],
    });
    const gate = child.stdio[3] as Writable;
    gate.on('error', () => {}); // a wrapper already gone: nothing to tell it
    child.once('error', (err: NodeJS.ErrnoException) => reject(err.code === 'ENOENT' ? missing() : err));
    child.once('spawn', () => {
      child.unref();
      (gate as unknown as { unref?: () => void }).unref?.();
      resolveAgent({
        pid: child.pid!,
        release: () => gate.end('go\n'),
        abort: () => gate.destroy(),
      });
    });
  });
}

/**
 * Alive: the process exists and is not a zombie (exited, not yet reaped).
 * Given the dispatch's started_at, also that it is still the process ic
 * started and not a stranger that got its pid (see identity.ts).
 */
export function isAlive(pid: number, startedAt?: number | null): boolean {
  return isOurAgent(pid, startedAt) === 'alive';
}

export const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/**
 * SIGTERM to the process group, up to the grace period for the leader to go,
 * then SIGKILL to the group. Only a group whose leader is still our agent
 * (alive, and started at started_at when that is given) is signalled at all:
 * a pid that now belongs to a stranger, or a pid <= 1, is left alone.
 */
export async function killGroup(pid: number, graceMs = KILL_GRACE_MS, startedAt?: number | null): Promise<void> {
  if (!safeSignalGroup(pid, 'SIGTERM', startedAt)) return;
  const deadline = Date.now() + graceMs;
  while (isAlive(pid, startedAt) && Date.now() < deadline) await sleep(KILL_CHECK_MS);
  // Whatever is left of the group: the leader ignoring SIGTERM (still ours),
  // or, the leader gone, the children it left behind.
  if (!safeSignalGroup(pid, 'SIGKILL', startedAt)) signalLeftoverGroup(pid, 'SIGKILL');
  // SIGKILL is delivered asynchronously: return once the leader is really gone.
  const killDeadline = Date.now() + KILL_REAP_MS;
  while (isAlive(pid, startedAt) && Date.now() < killDeadline) await sleep(KILL_CHECK_MS / 5);
}
