// The backup ic init takes before it migrates a database. A backup is
// complete and on disk before it gets its name, or there is none and the
// migration does not start: the image is written under a private temporary
// name beside the database (`<name>.partial-<pid>`, created exclusively,
// mode 0600), every byte of it (a short write on a full disk is not taken
// for the whole), synced, checked against the image, then linked to its
// final name (never over an existing file) and the directory synced. A
// failure removes the partial file; partial files that dead processes left
// (a SIGKILL mid-write) are removed by the next backup.
import { closeSync, constants, fstatSync, fsyncSync, linkSync, openSync, readSync, readdirSync, unlinkSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { FailureError } from '../cli/errors';
import { isAlive } from '../lock/liveness';

const PARTIAL = /\.partial-(\d+)$/;

export class BackupError extends FailureError {
  constructor(why: string) {
    super(`cannot back up the database before migrating it: ${why}; nothing was migrated`);
    this.name = 'BackupError';
  }
}

function why(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e?.code === 'ENOSPC' || e?.code === 'EDQUOT')
    return 'disk full: no space left on the file system holding the database; free some space and retry';
  return e?.code ?? (err instanceof Error ? err.message : String(err));
}

function unlinkQuietly(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // gone already, or not ours to remove
  }
}

/** Syncs a directory, so that a name made or removed in it is on disk too. */
function fsyncDir(dir: string): void {
  const fd = openSync(dir, constants.O_RDONLY | constants.O_DIRECTORY);
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Removes `<db>.backup-*.partial-<pid>` files whose process is gone. */
export function removeDeadPartials(dbPath: string): void {
  const dir = dirname(dbPath);
  const prefix = `${basename(dbPath)}.backup-`;
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const m = PARTIAL.exec(name);
    if (m && name.startsWith(prefix) && (Number(m[1]) === process.pid || !isAlive(Number(m[1])))) unlinkQuietly(join(dir, name));
  }
}

/** Writes all of `data` at the current offset, however many calls it takes. */
function writeAll(fd: number, data: Buffer): void {
  for (let off = 0; off < data.length;) off += writeSync(fd, data, off, data.length - off);
}

/** Whether the file holds exactly `image`. */
function holds(fd: number, image: Buffer): boolean {
  if (fstatSync(fd).size !== image.length) return false;
  const chunk = Buffer.alloc(Math.min(image.length, 1 << 20) || 1);
  for (let off = 0; off < image.length;) {
    const n = readSync(fd, chunk, 0, Math.min(chunk.length, image.length - off), off);
    if (n <= 0 || !chunk.subarray(0, n).equals(image.subarray(off, off + n))) return false;
    off += n;
  }
  return true;
}

/**
 * Writes `image` as a backup named `base` (or `base.1`, `base.2`, ... when
 * that exists) and returns the name given. Throws BackupError, leaving no
 * file behind, when it cannot.
 */
export function writeBackup(base: string, image: Buffer): string {
  const dbPath = base.slice(0, base.lastIndexOf('.backup-'));
  removeDeadPartials(dbPath);
  const partial = `${base}.partial-${process.pid}`;
  let fd: number;
  try {
    fd = openSync(partial, constants.O_RDWR | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  } catch (err) {
    throw new BackupError(`${basename(partial)}: ${why(err)}`);
  }
  try {
    try {
      writeAll(fd, image);
      fsyncSync(fd);
      if (!holds(fd, image)) throw new BackupError(`${basename(partial)} does not read back as written`);
    } finally {
      closeSync(fd);
    }
    for (let n = 0; ; n++) {
      const name = n === 0 ? base : `${base}.${n}`;
      try {
        linkSync(partial, name);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
        throw err;
      }
      unlinkSync(partial);
      fsyncDir(dirname(base));
      return name;
    }
  } catch (err) {
    unlinkQuietly(partial);
    throw err instanceof BackupError ? err : new BackupError(why(err));
  }
}
