// The lock base directory and its safety. /tmp is shared by every user, so
// each user has a base of their own, /tmp/intercore-<uid>/locks (the bash
// fallback of the wrappers uses the same path): a shared /tmp/intercore
// belonged to whoever made it first, and every other user's locks failed
// for good. The base and its parent are trusted only when they are real
// directories owned by us; missing ones are created 0700, parent first,
// and each is checked before anything is written below it.
import { chmodSync, lstatSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { FailureError } from '../cli/errors';
import { lstatOrUndefined } from '../fs/stat';

function currentUid(): number | undefined {
  return typeof process.geteuid === 'function' ? process.geteuid() : undefined;
}

/**
 * The caller's base: /tmp/intercore-<uid>/locks (/tmp, not $TMPDIR nor
 * $XDG_RUNTIME_DIR, so that every process of a user finds the same locks
 * whatever its environment).
 */
export function userLockBase(uid: number | undefined = currentUid()): string {
  return uid === undefined ? '/tmp/intercore/locks' : `/tmp/intercore-${uid}/locks`;
}

export const LOCK_BASE = userLockBase();

export const INVALID_NAME = 'invalid lock name or scope';

/** Control characters: a newline or a tab in a name or owner would break the lines of `lock list`. */
const CONTROL = /[\x00-\x1f\x7f]/;

/**
 * Non-empty, not `.`/`..`, no `/`, `\` or `..`: a single path component that
 * stays put; and no control character (NUL included: argv cannot carry it,
 * but a library caller could).
 */
export function isValidPart(part: string): boolean {
  return part !== '' && part !== '.' && !/[/\\]/.test(part) && !CONTROL.test(part) && !part.includes('..');
}

/** An owner text fit for owner.json and a line of `lock list`: no control character. */
export function checkOwner(owner: string): void {
  if (CONTROL.test(owner)) throw new FailureError('invalid owner: it holds a control character');
}

export function checkNameScope(name: string, scope: string): void {
  if (!isValidPart(name) || !isValidPart(scope)) throw new FailureError(INVALID_NAME);
}

export function lockPath(base: string, name: string, scope: string): string {
  return join(base, name, scope);
}

function errnoCode(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

export function isErrno(err: unknown, ...codes: string[]): boolean {
  const code = errnoCode(err);
  return code !== undefined && codes.includes(code);
}

/** One line for an fs failure, without a stack: `<what> <path>: <reason>`. */
export function ioError(what: string, path: string, err: unknown): FailureError {
  const code = errnoCode(err);
  if (code === 'ENOSPC' || code === 'EDQUOT')
    return new FailureError(`${what} ${path}: no space left on its file system (${code}); free some space and retry`);
  const reason = code ?? (err instanceof Error ? err.message : String(err));
  return new FailureError(`${what} ${path}: ${reason}`);
}

/**
 * Refuses a path that is a symlink, not a directory, or owned by another
 * uid. Returns false when it does not exist.
 */
export function checkSafeDir(path: string): boolean {
  let st;
  try {
    st = lstatSync(path);
  } catch (err) {
    if (isErrno(err, 'ENOENT')) return false;
    throw ioError('cannot inspect lock directory', path, err);
  }
  if (st.isSymbolicLink()) throw new FailureError(`unsafe lock directory ${path}: it is a symbolic link`);
  if (!st.isDirectory()) throw new FailureError(`unsafe lock directory ${path}: not a directory`);
  const uid = currentUid();
  if (uid !== undefined && st.uid !== uid) {
    throw new FailureError(`unsafe lock directory ${path}: owned by uid ${st.uid}, not ${uid}`);
  }
  return true;
}

/**
 * Creates a directory 0700 whatever the umask. Returns true when this call
 * created it, false when something was already there.
 */
export function mkdirPrivate(path: string): boolean {
  try {
    mkdirSync(path, { mode: 0o700 });
  } catch (err) {
    if (isErrno(err, 'EEXIST')) return false;
    throw ioError('cannot create lock directory', path, err);
  }
  // mkdir's mode is filtered by the umask; chmod is not.
  try {
    chmodSync(path, 0o700);
  } catch (err) {
    throw ioError('cannot set mode of lock directory', path, err);
  }
  return true;
}

/** The base's parent, then the base: the two levels the contract guards. */
function guardedLevels(base: string): string[] {
  return [dirname(base), base];
}

/** Makes the base exist and checks it (and its parent); throws when unsafe. */
export function ensureBase(base: string = LOCK_BASE): void {
  for (const dir of guardedLevels(base)) {
    // Create first, then inspect: whoever made it, what is there now is what we check.
    mkdirPrivate(dir);
    checkSafeDir(dir);
  }
}

/** For readers: false when the base is missing; throws when it is unsafe. */
export function baseExists(base: string = LOCK_BASE): boolean {
  for (const dir of guardedLevels(base)) {
    if (!checkSafeDir(dir)) return false;
  }
  return true;
}

/** `<base>/<name>`, created 0700 if needed; a symlink or file there is refused. */
export function ensureNameDir(base: string, name: string): string {
  const dir = join(base, name);
  if (!mkdirPrivate(dir)) {
    const st = lstatOrUndefined(dir);
    if (!st || st.isSymbolicLink() || !st.isDirectory()) {
      throw new FailureError(`unsafe lock directory ${dir}: not a directory`);
    }
  }
  return dir;
}

/** A real directory (not a symlink to one). */
export function isRealDir(path: string): boolean {
  const st = lstatOrUndefined(path);
  return st !== undefined && st.isDirectory();
}
