// Where the database is: the --db flag (checked against path traversal), or
// the first .clavain/intercore.db walking up from the working directory.
import { existsSync, lstatSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { FailureError } from '../cli/errors';

export const DEFAULT_DB = join('.clavain', 'intercore.db');

export class UnsafeDbPathError extends FailureError {
  constructor(path: string, why: string) {
    super(`invalid --db path "${path}": ${why}`);
    this.name = 'UnsafeDbPathError';
  }
}

export function resolveDbPath(flag: string | undefined, cwd: string): string {
  return flag === undefined ? findDefaultDb(cwd) : checkDbFlag(flag, cwd);
}

function findDefaultDb(cwd: string): string {
  for (let dir = cwd; ; dir = dirname(dir)) {
    const candidate = join(dir, DEFAULT_DB);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return join(cwd, DEFAULT_DB);
  }
}

function isInside(root: string, target: string): boolean {
  const rel = relative(root, target);
  return rel === '' || (!rel.startsWith('..' + sep) && rel !== '..' && !isAbsolute(rel));
}

function checkDbFlag(flag: string, cwd: string): string {
  if (flag === '') throw new UnsafeDbPathError(flag, 'empty path');
  if (!flag.endsWith('.db')) throw new UnsafeDbPathError(flag, 'must end in .db');
  if (flag.split(/[\\/]/).includes('..')) throw new UnsafeDbPathError(flag, 'must not contain ".."');
  if (flag.includes('\0')) throw new UnsafeDbPathError(flag, 'contains a NUL byte');
  const full = resolve(cwd, flag);
  if (!isInside(cwd, full)) throw new UnsafeDbPathError(flag, 'must be under the working directory');
  const parent = dirname(full);
  if (lstatSafe(parent)?.isSymbolicLink()) throw new UnsafeDbPathError(flag, 'its directory is a symbolic link');
  // A symlinked directory further up could still lead outside: compare real paths.
  let existing = parent;
  while (!existsSync(existing)) existing = dirname(existing);
  if (!isInside(realpathSync(cwd), realpathSync(existing))) {
    throw new UnsafeDbPathError(flag, 'leads outside the working directory through a symbolic link');
  }
  if (lstatSafe(full)?.isSymbolicLink()) throw new UnsafeDbPathError(flag, 'is a symbolic link');
  return full;
}

function lstatSafe(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

/** How a path is shown in messages: relative to the working directory when under it. */
export function displayPath(path: string, cwd: string): string {
  return isInside(cwd, path) ? relative(cwd, path) || '.' : path;
}
