// Taking a lock away from its directory. Whoever removes a lock (a breaking
// acquire, release, clean) first renames owner.json to a unique name: a
// rename succeeds for one caller only, so only that one proceeds. The file
// taken is then compared with the one judged: if the lock was replaced in
// between (a fresh owner.json), it is put back and the lock is left alone.
import { readdirSync, renameSync, rmdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { unixNanos } from '../sys/clock';
import { ioError, isErrno } from './base';
import { BREAKING_PREFIX, OWNER_FILE, OWNER_TEMP_PREFIX, type OwnerFile, parseOwnerJson, readNoFollow } from './owner';

export type TakeResult =
  | { status: 'removed' }
  /** No owner.json to take (someone else took it, or it was never written), or the directory went meanwhile. */
  | { status: 'gone' }
  /** The owner.json taken was not the accepted one; it is back in place. */
  | { status: 'kept'; file: OwnerFile | undefined };

function parseFile(text: string | undefined): OwnerFile | undefined {
  if (text === undefined) return undefined;
  const record = parseOwnerJson(text);
  return record ? { text, record } : undefined;
}

/** Renames owner.json aside; undefined when there is none. */
function takeOwner(lockDir: string): { path: string; file: OwnerFile | undefined } | undefined {
  const path = join(lockDir, `${BREAKING_PREFIX}${unixNanos()}`);
  try {
    renameSync(join(lockDir, OWNER_FILE), path);
  } catch (err) {
    if (isErrno(err, 'ENOENT', 'ENOTDIR')) return undefined;
    throw ioError('cannot take lock', lockDir, err);
  }
  return { path, file: parseFile(readNoFollow(path)) };
}

function restoreOwner(lockDir: string, takenPath: string): void {
  try {
    renameSync(takenPath, join(lockDir, OWNER_FILE));
  } catch (err) {
    throw ioError('cannot restore owner of lock', lockDir, err);
  }
}

function unlinkIfThere(path: string): void {
  try {
    unlinkSync(path);
  } catch (err) {
    if (!isErrno(err, 'ENOENT')) throw ioError('cannot remove', path, err);
  }
}

/** Removes the temp and breaking files a killed writer or breaker left in a lock directory. */
function removeLeftovers(lockDir: string): void {
  let entries: string[];
  try {
    entries = readdirSync(lockDir);
  } catch {
    return;
  }
  for (const entry of entries) {
    if (entry.startsWith(OWNER_TEMP_PREFIX) || entry.startsWith(BREAKING_PREFIX)) unlinkIfThere(join(lockDir, entry));
  }
}

/** Removes an emptied lock directory (and what killed writers left in it); false when it was already gone. */
export function removeLockDir(lockDir: string): boolean {
  for (let tries = 0; ; tries++) {
    try {
      rmdirSync(lockDir);
      return true;
    } catch (err) {
      if (isErrno(err, 'ENOENT')) return false;
      if (tries === 0 && isErrno(err, 'ENOTEMPTY', 'EEXIST')) {
        removeLeftovers(lockDir);
        continue;
      }
      throw ioError('cannot remove lock directory', lockDir, err);
    }
  }
}

/** Takes owner.json, and removes the lock when `accept` approves what was taken. */
export function takeAndRemove(lockDir: string, accept: (file: OwnerFile | undefined) => boolean): TakeResult {
  const taken = takeOwner(lockDir);
  if (!taken) return { status: 'gone' };
  if (!accept(taken.file)) {
    restoreOwner(lockDir, taken.path);
    return { status: 'kept', file: taken.file };
  }
  unlinkIfThere(taken.path);
  return removeLockDir(lockDir) ? { status: 'removed' } : { status: 'gone' };
}

/**
 * A ghost (no owner.json) left by a writer that died mid-creation: its own
 * temp and breaking files go, then the directory. Anything else in it keeps
 * the directory (false).
 */
export function removeGhost(lockDir: string): boolean {
  let entries: string[];
  try {
    entries = readdirSync(lockDir);
  } catch (err) {
    if (isErrno(err, 'ENOENT', 'ENOTDIR')) return false;
    throw ioError('cannot read lock directory', lockDir, err);
  }
  for (const entry of entries) {
    if (entry === OWNER_FILE) {
      // An unreadable owner.json goes too, unless it turned readable meanwhile.
      const taken = takeOwner(lockDir);
      if (taken?.file) {
        restoreOwner(lockDir, taken.path);
        return false;
      }
      if (taken) unlinkIfThere(taken.path);
    } else if (entry.startsWith(OWNER_TEMP_PREFIX) || entry.startsWith(BREAKING_PREFIX)) {
      unlinkIfThere(join(lockDir, entry));
    } else return false;
  }
  try {
    rmdirSync(lockDir);
    return true;
  } catch (err) {
    if (isErrno(err, 'ENOENT', 'ENOTEMPTY', 'EEXIST')) return false;
    throw ioError('cannot remove lock directory', lockDir, err);
  }
}
