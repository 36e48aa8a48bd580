// The child projects' databases the relay reads: <project>/.clavain/intercore.db,
// opened read-only, and only through a path the user controls alone, so
// that another user cannot put a database of their making (or a link to one
// of ours) where the relay reads, as Go's DBPool would follow it.
import { lstatSync, realpathSync, type Stats } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import type { Db } from '../db/open';
import { openReadOnly } from '../db/open';
import { foreign } from '../fs/trust';

const CHILD_DB = join('.clavain', 'intercore.db');
/** Go's DBPool busy timeout. */
const BUSY_MS = 500;

/** Why the database of a project must not be opened, or undefined when it may. */
export function unsafeChildDb(project: string): string | undefined {
  if (!isAbsolute(project)) return `project dir must be absolute: ${JSON.stringify(project)}`;
  const path = join(project, CHILD_DB);
  let file: Stats;
  let dir: Stats;
  try {
    dir = lstatSync(dirname(path));
    file = lstatSync(path);
  } catch (err) {
    return `${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`;
  }
  if (dir.isSymbolicLink()) return `${dirname(path)} is a symbolic link`;
  if (file.isSymbolicLink()) return `${path} is a symbolic link`;
  if (!file.isFile()) return `${path} is not a regular file`;
  const why = foreign(path, file, false);
  if (why) return why;
  // .clavain and every directory above it (as resolved): nobody else may swap what the path names.
  for (let d = realpathSync(dirname(path)); ; d = dirname(d)) {
    const why = foreign(d, lstatSync(d), true);
    if (why) return why;
    if (dirname(d) === d) return undefined;
  }
}

/** Read-only handles of the child databases, opened once each and kept for the relay's life. */
export class ChildDbs {
  private readonly handles = new Map<string, Db>();

  /** The project's database, or why it cannot be read. */
  get(project: string): Db | string {
    const open = this.handles.get(project);
    if (open) return open;
    const why = unsafeChildDb(project);
    if (why) return why;
    try {
      const db = openReadOnly(join(project, CHILD_DB), BUSY_MS);
      db.pragma('user_version', { simple: true }); // reads the header: a file that is not SQLite fails here
      this.handles.set(project, db);
      return db;
    } catch (err) {
      return `${join(project, CHILD_DB)}: ${(err as Error).message}`;
    }
  }

  close(): void {
    for (const db of this.handles.values()) db.close();
    this.handles.clear();
  }
}
