// The agent's process: started detached in its own process group, checked
// by /proc (or signal 0) and its start time, and stopped as a group.
import { spawn } from 'node:child_process';
import { isOurAgent, safeSignalGroup, signalLeftoverGroup } from './identity';
import type { AgentCommand } from './script';

/** SIGTERM first; after this long, SIGKILL. */
export const KILL_GRACE_MS = 5000;
const KILL_CHECK_MS = 50;
/** How long SIGKILL may take to land. */
const KILL_REAP_MS = 2000;

/**
 * Starts the command detached, in a new process group, with stdio on
 * /dev/null, so ic can exit while it runs. Resolves with its pid, or rejects
 * with the reason it could not start.
 */
export function startDetached(command: AgentCommand): Promise<number> {
  return new Promise((resolvePid, reject) => {
    const child = spawn(command.file, command.args, { cwd: command.cwd, detached: true, stdio: 'ignore' });
    child.once('error', (err: NodeJS.ErrnoException) => {
      reject(new Error(err.code === 'ENOENT' ? `${command.file}: command not found (or no directory ${command.cwd})` : err.message));
    });
    child.once('spawn', () => {
      child.unref();
      resolvePid(child.pid!);
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
