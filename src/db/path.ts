// Where the database is: the --db flag (checked against path traversal), else
// INTERCORE_DB (the same checks), else the first .clavain/intercore.db walking
// up from the working directory.
import { existsSync, readlinkSync, realpathSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { FailureError } from '../cli/errors';
import { lstatOrUndefined } from '../fs/stat';

export const DEFAULT_DB = join('.clavain', 'intercore.db');

/** Where a database path given by hand came from: the flag, or the environment (the same rules for both). */
export type DbPathSource = '--db' | 'INTERCORE_DB';

export class UnsafeDbPathError extends FailureError {
  constructor(path: string, why: string, source: DbPathSource = '--db') {
    super(`invalid ${source} path "${path}": ${why}${source === 'INTERCORE_DB' ? ' (unset INTERCORE_DB, or give --db)' : ''}`);
    this.name = 'UnsafeDbPathError';
  }
}

/** The environment variable naming the database when --db is not given (empty: unset, as the wrappers read it). */
export const DB_ENV = 'INTERCORE_DB';

/** The database path: --db, else $INTERCORE_DB (checked as --db is), else the first one found walking up. */
export function resolveDbPath(flag: string | undefined, cwd: string, env: NodeJS.ProcessEnv = {}): string {
  if (flag !== undefined) return checkDbFlag(flag, cwd, '--db');
  const fromEnv = env[DB_ENV];
  return fromEnv ? checkDbFlag(fromEnv, cwd, 'INTERCORE_DB') : findDefaultDb(cwd);
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

function checkDbFlag(flag: string, cwd: string, source: DbPathSource): string {
  if (flag === '') throw new UnsafeDbPathError(flag, 'empty path', source);
  if (!flag.endsWith('.db')) throw new UnsafeDbPathError(flag, 'must end in .db', source);
  if (flag.split(/[\\/]/).includes('..')) throw new UnsafeDbPathError(flag, 'must not contain ".."', source);
  if (flag.includes('\0')) throw new UnsafeDbPathError(flag, 'contains a NUL byte', source);
  const full = resolve(cwd, flag);
  if (!isInside(cwd, full)) throw new UnsafeDbPathError(flag, 'must be under the working directory', source);
  const parent = dirname(full);
  if (lstatOrUndefined(parent)?.isSymbolicLink()) throw new UnsafeDbPathError(flag, 'its directory is a symbolic link', source);
  // A symlinked directory further up could still lead outside: compare real paths.
  let existing = parent;
  while (!existsSync(existing)) existing = dirname(existing);
  if (!isInside(realpathSync(cwd), realpathSync(existing))) {
    throw new UnsafeDbPathError(flag, 'leads outside the working directory through a symbolic link', source);
  }
  if (lstatOrUndefined(full)?.isSymbolicLink()) throw new UnsafeDbPathError(flag, 'is a symbolic link', source);
  return full;
}

/** How a path is shown in messages: relative to the working directory when under it. */
export function displayPath(path: string, cwd: string): string {
  return isInside(cwd, path) ? relative(cwd, path) || '.' : path;
}
