// Whether the database path still names the file this process opened. A
// process that lives on (events tail --follow, dispatch wait, a run advance
// waiting for its hooks) keeps its open file and its -wal whatever happens to
// the path: if the database is moved aside, replaced (mv) or deleted and made
// anew (ic init), its writes would go through the old -wal and -shm, into a
// file nobody reads or, worse, be replayed into the new database that now
// sits beside that -wal, corrupting it. So the identity (device and inode)
// of the database file and of its -wal is noted when the database is opened
// and compared with the path again before every write transaction, and on
// every poll of a long-lived reader; a difference stops the command (exit 2)
// before it writes anything.
//
// Such a connection is then never closed: closing the last connection
// checkpoints and deletes the -wal *by its path*, which may name another
// database's -wal by now. (SQLite skips that itself when the main file has
// moved, but not when only the -wal was replaced.) So it is abandoned: left
// open, and the process ends with process.exit, which skips the close
// better-sqlite3 would run at a normal exit (src/cli/main.ts).
import { type BigIntStats, statSync } from 'node:fs';
import { FailureError } from '../cli/errors';

interface FileId {
  dev: bigint;
  ino: bigint;
}

function fileId(path: string): FileId | undefined {
  try {
    const st: BigIntStats | undefined = statSync(path, { bigint: true, throwIfNoEntry: false });
    return st && { dev: st.dev, ino: st.ino };
  } catch {
    return undefined;
  }
}

const same = (a: FileId | undefined, b: FileId | undefined) => a !== undefined && b !== undefined && a.dev === b.dev && a.ino === b.ino;

export class DatabaseReplacedError extends FailureError {
  constructor(message: string) {
    super(message);
    this.name = 'DatabaseReplacedError';
  }
}

let abandoned = false;

/** Whether a connection was abandoned: the process must end by process.exit, without closing it. */
export function connectionAbandoned(): boolean {
  return abandoned;
}

export interface DbIdentity {
  /** Throws DatabaseReplacedError when the path (or its -wal) no longer names the file opened. */
  check(): void;
}

/**
 * Notes what `path` and `path-wal` are now: call it right after the database
 * was opened and read (SQLite opens the -wal on the first read, and keeps it
 * while the connection lives: it is never replaced under an open connection).
 */
export function noteIdentity(path: string, shown: string): DbIdentity {
  const db = fileId(path);
  const wal = fileId(`${path}-wal`);
  const fail = (message: string) => {
    abandoned = true;
    return new DatabaseReplacedError(message);
  };
  return {
    check() {
      const now = fileId(path);
      if (!now) {
        throw fail(`database ${shown} was removed while ic had it open; stopped before writing to it (run ic init for a new one)`);
      }
      if (!same(db, now)) {
        throw fail(
          `database ${shown} was replaced while ic had it open (the path names another file now); stopped before writing to either`,
        );
      }
      if (wal && !same(wal, fileId(`${path}-wal`))) {
        throw fail(
          `database ${shown}: its -wal was removed or replaced while ic had it open; stopped before writing (committed data may be in the old -wal)`,
        );
      }
    },
  };
}
