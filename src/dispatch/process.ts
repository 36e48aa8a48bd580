// The agent's process: started detached in its own process group, checked
// by signal 0, and stopped as a group.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
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

/** Alive: signal 0 reaches it and it is not a zombie (exited, not yet reaped). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
  try {
    // /proc/<pid>/stat: "pid (comm) S ..."; comm may hold spaces or parens.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return true; // no /proc: signal 0 is all we know
  }
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is gone already, or was never ours: nothing to stop.
  }
}

export const sleep = (ms: number) => new Promise<void>((done) => setTimeout(done, ms));

/** SIGTERM to the process group, up to the grace period for the leader to go, then SIGKILL to the group. */
export async function killGroup(pid: number, graceMs = KILL_GRACE_MS): Promise<void> {
  signalGroup(pid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (isAlive(pid) && Date.now() < deadline) await sleep(KILL_CHECK_MS);
  // Whatever is left of the group (the leader ignoring SIGTERM, or children it left behind).
  signalGroup(pid, 'SIGKILL');
  // SIGKILL is delivered asynchronously: return once the leader is really gone.
  const killDeadline = Date.now() + KILL_REAP_MS;
  while (isAlive(pid) && Date.now() < killDeadline) await sleep(KILL_CHECK_MS / 5);
}
