// Where the database is: the --db flag (checked against path traversal), or
// the first .clavain/intercore.db walking up from the working directory.
import { existsSync, readlinkSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { FailureError } from '../cli/errors';
import { lstatOrUndefined } from '../fs/stat';

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

export class LinkedDbError extends FailureError {
  constructor(shown: string, link: string, target: string, real: string) {
    super(
      `database ${shown}: ${link} is a symbolic link (to ${target}); ic follows no link to its database, as with --db: make ${link} a real ${real}`,
    );
    this.name = 'LinkedDbError';
  }
}

/**
 * The database found walking up, under the rule --db follows: no symbolic
 * link on the way from the directory it is found in. A `.clavain` that is a
 * link (or an intercore.db that is one) would put ic's writes wherever the
 * link points, so it is refused, like `--db=link/x.db`, rather than followed.
 * The same holds for the default in the working directory, which init would
 * create through the link. A linked .clavain without a database is passed by.
 */
function findDefaultDb(cwd: string): string {
  for (let dir = cwd; ; dir = dirname(dir)) {
    const candidate = join(dir, DEFAULT_DB);
    if (existsSync(candidate)) return unlinked(candidate, cwd);
    if (dirname(dir) === dir) return unlinked(join(cwd, DEFAULT_DB), cwd);
  }
}

function unlinked(path: string, cwd: string): string {
  for (const [link, real] of [
    [dirname(path), 'directory'],
    [path, 'file'],
  ] as const) {
    if (lstatOrUndefined(link)?.isSymbolicLink())
      throw new LinkedDbError(displayPath(path, cwd), displayPath(link, cwd), readlinkSync(link), real);
  }
  return path;
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
  if (lstatOrUndefined(parent)?.isSymbolicLink()) throw new UnsafeDbPathError(flag, 'its directory is a symbolic link');
  // A symlinked directory further up could still lead outside: compare real paths.
  let existing = parent;
  while (!existsSync(existing)) existing = dirname(existing);
  if (!isInside(realpathSync(cwd), realpathSync(existing))) {
    throw new UnsafeDbPathError(flag, 'leads outside the working directory through a symbolic link');
  }
  if (lstatOrUndefined(full)?.isSymbolicLink()) throw new UnsafeDbPathError(flag, 'is a symbolic link');
  return full;
}

/** How a path is shown in messages: relative to the working directory when under it. */
export function displayPath(path: string, cwd: string): string {
  return isInside(cwd, path) ? relative(cwd, path) || '.' : path;
}
