// Whether a recorded pid still names a live process on this machine. A
// zombie has exited (only its exit status waits to be collected), so it
// counts as dead.
import { readFileSync } from 'node:fs';

/** Linux's upper bound for pid_max; anything above cannot be a process. */
const MAX_PID = 4_194_304;

/** The state letter of /proc/<pid>/stat (after the command name's closing paren), if readable. */
export function procState(pid: number): string | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined; // no /proc (macOS) or the process is gone
  }
  const close = stat.lastIndexOf(')');
  if (close === -1) return undefined;
  return (
    stat
      .slice(close + 1)
      .trim()
      .charAt(0) || undefined
  );
}

/** Signal 0 succeeds or is refused for permission, and the process is no zombie. */
export function isAlive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0 || pid > MAX_PID) return false;
  try {
    process.kill(pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  return procState(pid) !== 'Z';
}
