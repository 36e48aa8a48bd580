// Why SQLite failed, in terms a user can act on. SQLite reports what went
// wrong in its own terms: a full disk while it grows the -shm file is
// SQLITE_IOERR_SHMSIZE ("disk I/O error"), a -shm file owned by another user
// is SQLITE_CANTOPEN or SQLITE_READONLY, and a read in a directory where the
// -shm cannot be created is SQLITE_READONLY_DIRECTORY ("attempt to write a
// readonly database"). Only on the error path, these look at the files beside
// the database to name the real cause and what to do. Every probe is
// best-effort: a probe that fails itself says nothing.
import { accessSync, constants, existsSync, readFileSync, statSync, statfsSync } from 'node:fs';
import { basename, dirname } from 'node:path';

/** Less free space than this beside the database, with an I/O error, means the disk is full. */
export const FULL_BELOW_BYTES = 1024 * 1024;

/** The bytes an unprivileged process may still write on the file system holding `path`, if known. */
export function freeBytes(path: string): number | undefined {
  let dir = path;
  try {
    while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
    const s = statfsSync(dir);
    return Number(s.bavail) * Number(s.bsize);
  } catch {
    return undefined;
  }
}

function kib(bytes: number): string {
  return bytes < 1024 * 1024 ? `${Math.floor(bytes / 1024)} KiB` : `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/** `disk full: ...` when the file system holding `dbPath` is (nearly) full, else undefined. */
export function diskFull(dbPath: string, shown: string, always = false): string | undefined {
  const free = freeBytes(dbPath);
  if (!always && (free === undefined || free >= FULL_BELOW_BYTES)) return undefined;
  const left = free === undefined ? '' : ` (${kib(free)} left)`;
  return `disk full: no space left on the file system holding ${shown}${left}; free some space and retry`;
}

function userName(uid: number): string {
  try {
    for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
      const [name, , id] = line.split(':');
      if (name && Number(id) === uid && id !== '') return `${name} (uid ${uid})`;
    }
  } catch {
    // No passwd file: the number alone.
  }
  return `uid ${uid}`;
}

function me(): string {
  return typeof process.getuid === 'function' ? userName(process.getuid()) : 'this user';
}

function can(path: string, mode: number): boolean {
  try {
    accessSync(path, mode);
    return true;
  } catch {
    return false;
  }
}

/** Whether writing `path` is refused because its file system is mounted read-only (no owner or mode would help). */
function onReadOnlyFs(path: string): boolean {
  try {
    accessSync(path, constants.W_OK);
    return false;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EROFS';
  }
}

function mode(bits: number): string {
  return (bits & 0o777).toString(8).padStart(4, '0');
}

function describeFile(path: string): string {
  const s = statSync(path);
  return `owned by ${userName(s.uid)}, mode ${mode(s.mode)}`;
}

/**
 * Why the database files cannot be used by this process, or undefined when
 * they look usable (then SQLite's own message is the best there is).
 * `shown` is the database path as shown to the user.
 */
export function diagnoseAccess(dbPath: string, shown: string): string | undefined {
  try {
    const dir = dirname(dbPath);
    const shownDir = dirname(shown);
    const dirWritable = can(dir, constants.W_OK | constants.X_OK);
    if (existsSync(dbPath) && !can(dbPath, constants.R_OK)) {
      return `${shown} is ${describeFile(dbPath)}, not readable by ${me()}; run ic as its owner, or make it readable`;
    }
    if (!existsSync(dbPath)) return undefined;
    if (onReadOnlyFs(dir) || onReadOnlyFs(dbPath)) {
      const reads = existsSync(dbPath + '-shm')
        ? 'reads may work, writes cannot'
        : 'WAL needs a -shm file it cannot create, so reads fail too';
      return `database is on a read-only file system: ${shown} cannot be written by anyone (${reads}); remount it read-write, or use a database elsewhere (--db)`;
    }
    if (!dirWritable && !existsSync(dbPath + '-shm')) {
      return (
        `database is read-only and WAL needs a writable directory or -shm file: ${me()} cannot create ` +
        `${basename(shown)}-shm in ${shownDir} (${describeFile(dir)}); run ic as the owner of ${shownDir}, or make it writable`
      );
    }
    if (!can(dbPath, constants.W_OK)) {
      return `database is read-only: ${shown} is ${describeFile(dbPath)}, not writable by ${me()}; make it writable (chmod u+w) or run ic as its owner`;
    }
    // A -wal or -shm left by another user: SQLite must write both to use the database.
    for (const suffix of ['-shm', '-wal']) {
      const file = dbPath + suffix;
      if (existsSync(file) && !can(file, constants.R_OK | constants.W_OK)) {
        const s = statSync(file);
        // Ours but without write permission (a leftover chmod, a copy): no other user to run as.
        if (typeof process.getuid === 'function' && s.uid === process.getuid()) {
          const fix =
            suffix === '-shm'
              ? `chmod u+rw ${basename(shown)}${suffix}, or remove it while no ic uses the database (SQLite makes a new one)`
              : `chmod u+rw ${basename(shown)}${suffix} (never remove a -wal: it holds committed writes)`;
          return `${shown}${suffix} has mode ${mode(s.mode)}: ${me()}, its owner, cannot write it; ${fix}`;
        }
        return (
          `${shown}${suffix} belongs to ${userName(s.uid)} with mode ${mode(s.mode)}, so ${me()} cannot write it; ` +
          `run ic as ${userName(s.uid)}, or chown ${basename(shown)}${suffix} to the database's owner`
        );
      }
    }
    if (!dirWritable) {
      return `database is read-only: its directory ${shownDir} is ${describeFile(dir)}, not writable by ${me()} (WAL keeps files beside the database); make it writable or run ic as its owner`;
    }
  } catch {
    // A probe failed: nothing better to say.
  }
  return undefined;
}
