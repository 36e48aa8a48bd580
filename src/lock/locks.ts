// The lock operations behind `ic lock acquire|release|list|stale|clean`.
// Synchronous on purpose: the CLI is synchronous, and the 100 ms wait
// between attempts blocks in Atomics.wait (no CPU spin, no event loop).
// Every function takes the base directory (default /tmp/intercore-<uid>/locks)
// so tests can use a temp dir; the contract's safety rules apply to it.
import { chmodSync, lstatSync, mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ageSeconds, formatAge } from './age';
import {
  LOCK_BASE,
  baseExists,
  checkNameScope,
  checkOwner,
  ensureBase,
  ensureNameDir,
  ioError,
  isErrno,
  isRealDir,
  isValidPart,
  lockPath,
} from './base';
import { lstatOrUndefined } from '../fs/stat';
import { monotonicMs } from '../sys/clock';
import { sleepSync } from '../sys/sleep';
import { isAlive } from './liveness';
import { type OwnerDefaults, type OwnerRecord, defaultOwner, ownerFields, readOwner, writeOwner } from './owner';
import { removeGhost, takeAndRemove } from './remove';

/** Wait when no timeout (or 0, or a negative one) is given. */
export const DEFAULT_TIMEOUT_MS = 1000;
export const POLL_MS = 100;
/** An acquire breaks a lock this old whatever its owner. */
export const BREAK_AFTER_MS = 5000;
/** Default --older-than of stale and clean. */
export const DEFAULT_OLDER_THAN_MS = 5000;
/** A lock's times may be this far ahead of ours (clocks read at different moments) before they count as from the future. */
export const FUTURE_SLACK_MS = 1000;

export interface BaseOption {
  /** The lock base directory; default /tmp/intercore-<uid>/locks. */
  base?: string;
}

export interface ClockOption {
  /** Wall clock in milliseconds (Date.now by default); owner.json's created and ages come from it. */
  nowMs?: () => number;
}

/** How a waiting acquire tells time and sleeps: a monotonic clock and a blocking sleep unless a test gives its own. */
export interface WaitClock {
  monotonicMs: () => number;
  sleep: (ms: number) => void;
}

export interface AcquireOptions extends BaseOption, ClockOption, OwnerDefaults {
  timeoutMs?: number;
  waitClock?: WaitClock;
  /** Default `<defaultPid>:<hostname>`. */
  owner?: string;
}

export type AcquireResult = { acquired: true; record: OwnerRecord } | { acquired: false };

export interface ReleaseOptions extends BaseOption, OwnerDefaults {
  owner?: string;
}

export type ReleaseResult = { released: true } | { released: false; why: 'not found' | 'not owner' };

export interface LockEntry {
  name: string;
  scope: string;
  /** The lock directory. */
  path: string;
  /** owner.json; undefined for a ghost (missing, unreadable or malformed). */
  record?: OwnerRecord;
  /** The exact owner.json text, to recognise the same file when removing. */
  text?: string;
  /** The lock directory's modification time (judges ghosts). */
  mtimeMs: number;
}

export interface ListOptions extends BaseOption, ClockOption {}

export interface StaleOptions extends ListOptions {
  olderThanMs?: number;
}

/** Deadlines use a monotonic clock, so a wall-clock jump (or an injected wall clock) cannot stretch a wait. */
const REAL_WAIT: WaitClock = { monotonicMs, sleep: sleepSync };

type Attempt = 'acquired' | 'broken' | 'busy' | 'unwritten';

/** One mkdir of the lock directory, and what came of it. */
function attempt(lockDir: string, record: OwnerRecord, nowMs: number): Attempt {
  try {
    mkdirSync(lockDir, { mode: 0o700 });
  } catch (err) {
    if (!isErrno(err, 'EEXIST')) throw ioError('cannot create lock directory', lockDir, err);
    return breakIfOld(lockDir, nowMs) ? 'broken' : 'busy';
  }
  try {
    chmodSync(lockDir, 0o700); // mkdir's mode passes through the umask
    // false: another owner.json got there first (the directory was made again under us).
    return writeOwner(lockDir, record) ? 'acquired' : 'busy';
  } catch (err) {
    // The directory went meanwhile (taken down as a ghost): try again.
    if (isErrno(err, 'ENOENT')) return 'unwritten';
    // Anything else (a full file system, a path too long for owner.json) will not pass by waiting:
    // take the directory down again, a ghost nobody should meet, and say why.
    try {
      removeGhost(lockDir);
    } catch {
      // left for `lock clean` or a later acquire, which judge ghosts by their age
    }
    throw ioError('cannot write the owner of lock', lockDir, err);
  }
}

/**
 * When a lock was made, as far as can be told: the earlier of owner.json's
 * `created` (the writer's clock) and its directory's modification time (the
 * kernel's clock, set as owner.json arrived); for a ghost, the directory's
 * time. A writer whose clock ran ahead thus does not make its lock look
 * young for the length of the skew.
 */
export function bornMs(entry: { record?: OwnerRecord; mtimeMs: number }): number {
  return entry.record ? Math.min(entry.record.created * 1000, entry.mtimeMs) : entry.mtimeMs;
}

/**
 * Whether an acquire may break this lock: one 5 s old or more, whatever its
 * owner; one whose times lie ahead of ours (a clock stepped back since) once
 * its process is gone; a ghost (no readable owner.json: its writer was
 * killed between mkdir and owner.json, which takes well under a second)
 * whose directory time is 5 s away from now.
 */
function breakable(entry: { record?: OwnerRecord; mtimeMs: number }, nowMs: number): boolean {
  const born = bornMs(entry);
  if (!entry.record) return Math.abs(nowMs - born) >= BREAK_AFTER_MS;
  if (born - nowMs > FUTURE_SLACK_MS) return !isAlive(entry.record.pid);
  return nowMs - born >= BREAK_AFTER_MS;
}

/**
 * Breaks a lock that may be broken (above). A lock with an owner.json is
 * taken by renaming that file (only one breaker proceeds, and only with the
 * file it judged); a ghost is removed only while it holds nothing but what
 * killed writers leave.
 */
function breakIfOld(lockDir: string, nowMs: number): boolean {
  const st = lstatOrUndefined(lockDir);
  if (!st?.isDirectory()) return false;
  const judged = readOwner(lockDir);
  if (!breakable({ record: judged?.record, mtimeMs: st.mtimeMs }, nowMs)) return false;
  if (!judged) return removeGhost(lockDir);
  return takeAndRemove(lockDir, (taken) => taken?.text === judged.text).status === 'removed';
}

export function acquire(name: string, scope: string, options: AcquireOptions = {}): AcquireResult {
  checkNameScope(name, scope);
  const owner = options.owner ?? defaultOwner(options);
  checkOwner(owner);
  const base = options.base ?? LOCK_BASE;
  ensureBase(base);
  ensureNameDir(base, name);
  const lockDir = lockPath(base, name, scope);
  const { pid, host } = ownerFields(owner, options);
  const clock = options.nowMs ?? Date.now;
  const wait = options.timeoutMs !== undefined && options.timeoutMs > 0 ? options.timeoutMs : DEFAULT_TIMEOUT_MS;
  const { monotonicMs, sleep } = options.waitClock ?? REAL_WAIT;
  const deadline = monotonicMs() + wait;
  for (;;) {
    const nowMs = clock();
    const record: OwnerRecord = { pid, host, owner, created: Math.floor(nowMs / 1000) };
    const outcome = attempt(lockDir, record, nowMs);
    if (outcome === 'acquired') return { acquired: true, record };
    if (outcome === 'broken') continue; // retry at once
    if (monotonicMs() > deadline) return { acquired: false };
    sleep(POLL_MS);
  }
}

export function release(name: string, scope: string, options: ReleaseOptions = {}): ReleaseResult {
  checkNameScope(name, scope);
  const base = options.base ?? LOCK_BASE;
  const notFound: ReleaseResult = { released: false, why: 'not found' };
  if (!baseExists(base) || !isRealDir(join(base, name))) return notFound;
  const lockDir = lockPath(base, name, scope);
  if (!isRealDir(lockDir)) return notFound;
  const owner = options.owner ?? defaultOwner(options);
  checkOwner(owner);
  const current = readOwner(lockDir);
  if (!current) return notFound;
  if (current.record.owner !== owner) return { released: false, why: 'not owner' };
  const result = takeAndRemove(lockDir, (taken) => taken?.record.owner === owner);
  if (result.status === 'removed') return { released: true };
  if (result.status === 'kept' && result.file) return { released: false, why: 'not owner' };
  return notFound;
}

/** Names of the real directories in `dir`, in byte order (as Go's ReadDir); [] when it is gone. */
function subdirs(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (err) {
    if (isErrno(err, 'ENOENT', 'ENOTDIR')) return [];
    throw ioError('cannot read lock directory', dir, err);
  }
  return names.filter((n) => isRealDir(join(dir, n))).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b)));
}

function entryFor(base: string, name: string, scope: string): LockEntry | undefined {
  const path = lockPath(base, name, scope);
  let mtimeMs: number;
  try {
    mtimeMs = lstatSync(path).mtimeMs;
  } catch {
    return undefined; // released meanwhile
  }
  const owner = readOwner(path);
  return owner ? { name, scope, path, record: owner.record, text: owner.text, mtimeMs } : { name, scope, path, mtimeMs };
}

/**
 * Every lock, sorted by name then scope; plain files and symlinks at either
 * level are skipped, and so are directories whose name no lock can have (a
 * newline in it would break the lines of `lock list`).
 */
export function list(options: BaseOption = {}): LockEntry[] {
  const base = options.base ?? LOCK_BASE;
  if (!baseExists(base)) return [];
  const entries: LockEntry[] = [];
  for (const name of subdirs(base).filter(isValidPart)) {
    for (const scope of subdirs(join(base, name)).filter(isValidPart)) {
      const entry = entryFor(base, name, scope);
      if (entry) entries.push(entry);
    }
  }
  return entries;
}

/**
 * Made earlier than now − olderThan (when it was made: bornMs); a lock whose
 * times lie ahead of ours is stale too (its age cannot be told: clean then
 * removes it only when its process is gone), and so is a ghost whose
 * directory time is as far ahead.
 */
export function isStale(entry: LockEntry, nowMs: number, olderThanMs: number): boolean {
  const born = bornMs(entry);
  if (born < nowMs - olderThanMs) return true;
  return entry.record ? born - nowMs > FUTURE_SLACK_MS : born - nowMs > Math.max(olderThanMs, BREAK_AFTER_MS);
}

export function stale(options: StaleOptions = {}): LockEntry[] {
  const nowMs = (options.nowMs ?? Date.now)();
  const olderThan = options.olderThanMs ?? DEFAULT_OLDER_THAN_MS;
  return list(options).filter((e) => isStale(e, nowMs, olderThan));
}

/**
 * Removes the stale locks whose pid is not a live process here (zombies are
 * dead; the host is not consulted). Returns how many directories it removed.
 */
export function clean(options: StaleOptions = {}): number {
  let removed = 0;
  for (const entry of stale(options)) {
    if (entry.record && isAlive(entry.record.pid)) continue;
    const text = entry.text;
    const gone =
      text === undefined ? removeGhost(entry.path) : takeAndRemove(entry.path, (taken) => taken?.text === text).status === 'removed';
    if (gone) removed++;
  }
  return removed;
}

/** `<name>\t<scope>\t<owner>\t<age>`; owner and age empty for a ghost. */
export function formatLockLine(entry: LockEntry, nowMs: number = Date.now()): string {
  const owner = entry.record?.owner ?? '';
  const age = entry.record ? formatAge(ageSeconds(entry.record.created, nowMs)) : '';
  return `${entry.name}\t${entry.scope}\t${owner}\t${age}`;
}
