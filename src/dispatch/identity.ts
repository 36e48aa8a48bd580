// Is the process behind a dispatch's pid still the agent ic started?
//
// A dispatch row keeps the agent's pid and started_at. Once the agent is gone
// its pid can be handed to an unrelated process, which a bare `kill(pid, 0)`
// would report alive and `kill(-pid)` would stop. A process's start time
// tells them apart: the kernel records it once, at fork, and it never changes
// for the life of that pid.
import { readFileSync } from 'node:fs';

/**
 * Clock ticks per second of /proc/<pid>/stat's starttime (sysconf(_SC_CLK_TCK)).
 * The kernel converts to USER_HZ before exposing any tick count to userspace,
 * and USER_HZ is 100 on every architecture Node runs on (x86, arm, arm64,
 * ppc, s390, riscv, mips, loongarch; only alpha and ia64 ever used 1024).
 * `getconf CLK_TCK` would cost a process spawn on a path that runs hundreds of
 * times a session, so the constant is used; a test checks it against this
 * process's own start time.
 */
export const USER_HZ = 100;

/**
 * How far a process's start time, as /proc computes it, may be from the
 * dispatch's started_at and still be the same process. The error sources:
 *  - started_at is floor(now), read after the spawn resolved: the process
 *    started before that read, so start < started_at + 1;
 *  - btime (/proc/stat) is whole seconds, truncated: the computed start is up
 *    to 1 s early; starttime is in 10 ms ticks, truncated too;
 *  - the time from fork to the 'spawn' event and the clock read: milliseconds
 *    normally, a few hundred on a loaded machine;
 *  - btime is realtime minus the boot clock, so NTP slewing moves it slowly
 *    (tens of ms an hour at usual drifts).
 * So computed - started_at lies in about (-1 - spawn delay, +1); 2 s covers it
 * with margin for a slow spawn. A stranger would have to take over the pid
 * within 2 s of the agent's start, after the agent died and the pid space
 * wrapped: not a realistic case. A clock step of more than ~1 s between the
 * spawn and the check makes a live agent read as 'other': ic then leaves it
 * alone rather than signal something it cannot vouch for.
 */
export const START_TOLERANCE_S = 2;

export type AgentIdentity = 'alive' | 'gone' | 'other';

interface ProcStat {
  /** Field 3: R, S, D, Z (zombie), X (dead), ... */
  state: string;
  /** Field 22: start time in clock ticks since boot. */
  startTicks: number;
}

/** A pid that names one process: an integer above 1 (0 and negatives name groups, 1 is init). */
export function isTargetPid(pid: unknown): pid is number {
  return typeof pid === 'number' && Number.isSafeInteger(pid) && pid > 1;
}

function readProcStat(pid: number): ProcStat | undefined {
  let text: string;
  try {
    // latin1: one char per byte, whatever bytes comm holds.
    text = readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return undefined;
  }
  // "pid (comm) S ppid ...": comm may hold spaces and parens, so the fields
  // start after the LAST ')'. fields[0] is field 3, so field n is fields[n - 3].
  const close = text.lastIndexOf(')');
  if (close < 0) return undefined;
  const fields = text.slice(close + 2).split(' ');
  const state = fields[0];
  const startTicks = Number(fields[19]);
  if (!state || !Number.isFinite(startTicks)) return undefined;
  return { state, startTicks };
}

let procCache: boolean | undefined;
/** /proc is there and is this pid namespace's (a foreign /proc would answer for other processes). */
function procUsable(): boolean {
  if (procCache === undefined) {
    let self: string | undefined;
    try {
      self = readFileSync('/proc/self/stat', 'latin1');
    } catch {
      self = undefined;
    }
    procCache = self !== undefined && self.slice(0, self.indexOf(' ')) === String(process.pid);
  }
  return procCache;
}

let btimeCache: number | undefined;
/** Boot time, unix seconds (whole), from /proc/stat; undefined without it. */
function bootTime(): number | undefined {
  if (btimeCache === undefined) {
    try {
      const match = /^btime (\d+)$/m.exec(readFileSync('/proc/stat', 'latin1'));
      if (match) btimeCache = Number(match[1]);
    } catch {
      // No /proc/stat: no start times.
    }
  }
  return btimeCache;
}

/** When the process started, unix seconds (with the tick's fraction); undefined when /proc has no entry for it. */
export function processStartTime(pid: number): number | undefined {
  if (!Number.isSafeInteger(pid) || pid <= 0) return undefined;
  const stat = readProcStat(pid);
  const btime = stat && bootTime();
  if (!stat || btime === undefined) return undefined;
  return btime + stat.startTicks / USER_HZ;
}

/**
 * Whether `pid` is still the agent that started at `startedAtUnix`:
 *  - 'alive': the process exists, is not a zombie, and started within
 *    START_TOLERANCE_S of started_at (or no started_at is known, and it is
 *    simply alive);
 *  - 'other': a live process holds the pid but started at another time (the
 *    pid was reused), or (without /proc) signal 0 is refused to us, which
 *    an agent we started as this user would not do;
 *  - 'gone': no such process, a zombie, or a pid no agent can have (<= 1).
 * Without /proc (or /proc/stat), liveness by signal 0 is all there is.
 */
export function isOurAgent(pid: number, startedAtUnix?: number | null): AgentIdentity {
  if (!isTargetPid(pid)) return 'gone';
  if (procUsable()) {
    const stat = readProcStat(pid);
    if (!stat) return 'gone';
    if (stat.state === 'Z' || stat.state === 'X' || stat.state === 'x') return 'gone';
    if (startedAtUnix == null || !Number.isFinite(startedAtUnix)) return 'alive';
    const btime = bootTime();
    if (btime === undefined) return 'alive';
    const start = btime + stat.startTicks / USER_HZ;
    return Math.abs(start - startedAtUnix) <= START_TOLERANCE_S ? 'alive' : 'other';
  }
  try {
    process.kill(pid, 0);
    return 'alive';
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM' ? 'other' : 'gone';
  }
}

/**
 * Sends `signal` to the process group `-pid`, only when `pid` is still our
 * agent (isOurAgent 'alive'; with no started_at, only when it is alive). A
 * pid that is not an integer above 1 is never signalled: kill(0) and kill(-1)
 * would reach ic's own group or every process of the user. Returns whether
 * the signal was sent.
 *
 * Between the check and the kill the agent could die and its pid be reused:
 * that needs the pid space to wrap within microseconds. (pidfd_send_signal
 * would close the gap; Node has no binding for it.)
 */
export function safeSignalGroup(pid: number, signal: NodeJS.Signals | number, startedAtUnix?: number | null): boolean {
  if (!isTargetPid(pid)) return false;
  if (isOurAgent(pid, startedAtUnix) !== 'alive') return false;
  return signalGroupOf(pid, signal);
}

/**
 * What is left of a group whose leader, our agent, has just gone (checked by
 * the caller): the children it left behind. Safe because POSIX does not reuse
 * a pid while a process group of that id exists, so while anything of the
 * group lives, no stranger can hold the pid or lead group `pid`. Signals only
 * when no live process holds the pid; never for a pid <= 1.
 */
export function signalLeftoverGroup(pid: number, signal: NodeJS.Signals | number): boolean {
  if (!isTargetPid(pid)) return false;
  if (isOurAgent(pid) !== 'gone') return false;
  return signalGroupOf(pid, signal);
}

function signalGroupOf(pid: number, signal: NodeJS.Signals | number): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false; // the group is gone already, or not ours to signal
  }
}
