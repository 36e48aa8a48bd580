// init, version and health: the commands that deal with the database itself.
import { FIRST_ROW_READS } from '../../generated/db/tables';
import { chmodSync, closeSync, mkdirSync, openSync, statfsSync } from 'node:fs';
import { dirname } from 'node:path';
import { PROGRAM } from '../../generated/cli';
import { SCHEMA_VERSION } from '../../generated/db/migrations';
import type { HealthArgs, HealthData, InitArgs, InitData, VersionArgs, VersionData } from '../../generated/types';
import type { DbPathContext, OptionalDbContext } from '../cli/context';
import { FailureError } from '../cli/errors';
import { migrate } from './migrate';
import { DamagedSchemaError, missingSchema } from './schema';
import { displayPath } from './path';
import { type Db, openDatabase, schemaVersion, SchemaTooNewError, SchemaTooOldError } from './open';

/**
 * How long init waits, at least, for the lock another process holds: a
 * concurrent init's migration takes longer than the busy timeout a hook's
 * call answers within (100 ms by default), and init is no hook.
 */
export const INIT_LOCK_WAIT_MS = 5000;

/** Below this much free space next to the database, health fails. */
export const MIN_FREE_BYTES = 10 * 1024 * 1024;

/** Creates the directory (0700) and an empty file (0600) unless they exist. */
function createDbFile(path: string): void {
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  try {
    closeSync(openSync(path, 'wx', 0o600));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
}

/** The database file is the user's alone: 0600 on every init, whoever created it. */
function restrictMode(ctx: DbPathContext, path: string): void {
  try {
    chmodSync(path, 0o600);
  } catch (err) {
    ctx.stderr(`ic: init: warning: could not set file permissions: ${(err as Error).message}`);
  }
}

export function init(ctx: DbPathContext, _args: InitArgs): InitData {
  const path = ctx.dbPath;
  try {
    createDbFile(path);
  } catch (err) {
    throw new FailureError(`cannot create ${ctx.dbShown}: ${(err as Error).message}`);
  }
  const db = openDatabase(path, ctx.dbShown, { timeoutMs: Math.max(ctx.globals.timeout, INIT_LOCK_WAIT_MS), create: true });
  try {
    let result;
    try {
      result = migrate(db, path);
    } catch (err) {
      throw foreignTables(db, ctx.dbShown, err) ?? err;
    }
    if (result.repaired?.length) ctx.stderr(`ic: init: repaired the schema: added ${result.repaired.join(', ')}`);
    restrictMode(ctx, path);
    return {
      path: ctx.dbShown,
      version: result.to,
      migrated_from: result.from,
      backup: result.backup && displayPath(result.backup, ctx.cwd),
    };
  } finally {
    db.close();
  }
}

/**
 * A migration that failed on the schema itself (SQLITE_ERROR: "no such
 * column", say) over tables that lack columns ic's tables have: a file of
 * another program, or one ic never made. Said as such, instead of SQLite's
 * message; undefined when that is not the cause.
 */
function foreignTables(db: Db, shown: string, err: unknown): FailureError | undefined {
  if ((err as { code?: string }).code !== 'SQLITE_ERROR') return undefined;
  let lacking: Map<string, string[]>;
  try {
    lacking = new Map();
    for (const item of missingSchema(db)) {
      const m = /^column ([^.]+)\.(.+)$/.exec(item);
      if (m) lacking.set(m[1]!, [...(lacking.get(m[1]!) ?? []), m[2]!]);
    }
  } catch {
    return undefined;
  }
  if (!lacking.size) return undefined;
  const which = [...lacking].map(([t, cs]) => `${t} lacks ${cs.join(', ')}`).join('; ');
  return new FailureError(
    `cannot migrate ${shown}: it holds tables that are not intercore's (${which}); nothing was changed: move the file aside (or give --db another path) and run ic init`,
  );
}

export function version(ctx: OptionalDbContext, _args: VersionArgs): VersionData {
  const found = ctx.openIfExists();
  return { ic: PROGRAM.version, schema: found?.version };
}

export function health(ctx: OptionalDbContext, _args: HealthArgs): HealthData {
  const found = ctx.openIfExists();
  if (!found) throw new FailureError(`no database at ${ctx.dbShown}; run ic init`);
  if (found.version > SCHEMA_VERSION) throw new SchemaTooNewError(found.version);
  if (found.version < SCHEMA_VERSION) throw new SchemaTooOldError(found.version);
  // Every table, column, index and trigger (ordinary commands check only tables and columns, faster).
  const missing = missingSchema(found.db);
  if (missing.length) throw new DamagedSchemaError(missing);
  // Readable: touch every table's first page.
  for (const read of FIRST_ROW_READS) found.db.prepare(read).get();
  const fs = statfsSync(dirname(ctx.dbPath));
  const free = fs.bavail * fs.bsize;
  if (free <= MIN_FREE_BYTES) throw new FailureError(`only ${free} bytes free next to ${ctx.dbShown} (need more than ${MIN_FREE_BYTES})`);
  return { ok: true, schema: schemaVersion(found.db), free_bytes: free };
}
