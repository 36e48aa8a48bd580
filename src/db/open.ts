// Opening the database: WAL, the busy timeout, enforced foreign keys, and a
// schema-version check that turns a missing or stale database into a clear
// "run ic init" instead of a raw "no such table".
import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SCHEMA_VERSION } from '../../generated/db/tables';
import { FailureError, StartupError, firstLine } from '../cli/errors';
import { lstatOrUndefined } from '../fs/stat';
import { sleepSync } from '../sys/sleep';
import { diagnoseAccess } from './diagnose';
import { assertSchemaComplete } from './schema';

export type Db = Database.Database;

export class NoDatabaseError extends FailureError {
  constructor(shown: string) {
    super(`no database at ${shown}; run ic init`);
    this.name = 'NoDatabaseError';
  }
}

export class SchemaTooOldError extends FailureError {
  constructor(found: number) {
    super(`database schema is v${found}, this ic needs v${SCHEMA_VERSION}; run ic init`);
    this.name = 'SchemaTooOldError';
  }
}

export class SchemaTooNewError extends FailureError {
  constructor(found: number) {
    super(`database schema v${found} is newer than this ic supports (v${SCHEMA_VERSION}); upgrade ic`);
    this.name = 'SchemaTooNewError';
  }
}

/** SQLite's busy timeout is a C int of milliseconds (about 24 days): a longer --timeout means "wait that long". */
export const MAX_BUSY_TIMEOUT_MS = 2 ** 31 - 1;

export interface OpenOptions {
  timeoutMs: number;
  /** Allow the file to be created (init only). */
  create?: boolean;
}

/** The SQLite addon's place in the better-sqlite3 package. */
const ADDON = 'build/Release/better_sqlite3.node';

/**
 * Where the SQLite addon is: in ic's own node_modules (the core is
 * <package>/dist/ic.cjs, so one stat away), else in the better-sqlite3 that
 * node resolves from here (a local install hoists it beside ic; from source,
 * the checkout's). better-sqlite3's own lookup, the `bindings` package,
 * probes a dozen paths on every start.
 */
function addonPath(): string | undefined {
  const besideCore = join(__dirname, '../node_modules/better-sqlite3', ADDON);
  if (existsSync(besideCore)) return besideCore;
  try {
    const resolved = join(dirname(require.resolve('better-sqlite3/package.json')), ADDON);
    return existsSync(resolved) ? resolved : undefined;
  } catch {
    return undefined;
  }
}

const REINSTALL = 'reinstall ic: npm install -g --allow-scripts=better-sqlite3 intercore';
let addon: object | undefined;

/**
 * The SQLite addon, loaded once a process by its path with process.dlopen:
 * given to better-sqlite3 as an object, it costs neither `bindings`' probes
 * nor node's module lookup for a path (about 4 ms a start together).
 */
function sqliteAddon(): object {
  if (addon) return addon;
  const file = addonPath();
  if (file === undefined) throw new StartupError(`the SQLite addon (better-sqlite3/${ADDON}) is not installed; ${REINSTALL}`);
  const mod = { exports: {} };
  try {
    process.dlopen(mod, file);
  } catch (err) {
    throw new StartupError(`the SQLite addon ${file} does not load (${firstLine(err)}); ${REINSTALL}`);
  }
  return (addon = mod.exports);
}

const WAL_RETRY_MS = 10;

/**
 * Switches a database into WAL mode (a no-op once it is). The switch upgrades
 * a read lock to an exclusive one, and SQLite answers a contended upgrade with
 * an immediate SQLITE_BUSY instead of calling the busy handler (that would
 * risk a deadlock). Two processes opening a brand-new database at once (two
 * `ic init`) meet exactly that, so retry within the busy timeout.
 */
function enableWal(db: Db, timeoutMs: number): void {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      // journal_mode reads the header: a file that is not SQLite fails here.
      if (db.pragma('journal_mode', { simple: true }) !== 'wal') db.pragma('journal_mode = WAL');
      return;
    } catch (err) {
      const code = (err as { code?: string }).code ?? '';
      if (!code.startsWith('SQLITE_BUSY') || Date.now() >= deadline) throw err;
      sleepSync(WAL_RETRY_MS);
    }
  }
}

/** A directory where the database file should be: named as such, not as SQLite's "unable to open database file". */
export class DirectoryDbError extends FailureError {
  constructor(shown: string) {
    super(
      `cannot open database ${shown}: it is a directory, not a database file; give --db (or INTERCORE_DB) the path of a file, or move the directory away`,
    );
    this.name = 'DirectoryDbError';
  }
}

export function openDatabase(path: string, shown: string, options: OpenOptions): Db {
  if (!options.create && !existsSync(path)) throw new NoDatabaseError(shown);
  const nativeBinding = sqliteAddon();
  let db: Db;
  try {
    db = new Database(path, {
      fileMustExist: !options.create,
      timeout: Math.min(Math.ceil(options.timeoutMs), MAX_BUSY_TIMEOUT_MS),
      // better-sqlite3 takes the loaded addon too (lib/database.js); its types say a path only.
      nativeBinding: nativeBinding as unknown as string,
    });
  } catch (err) {
    // Only on the error path: one stat tells a directory from SQLite's other reasons.
    if (lstatOrUndefined(path)?.isDirectory()) throw new DirectoryDbError(shown);
    throw new FailureError(`cannot open database ${shown}: ${diagnoseAccess(path, shown) ?? (err as Error).message}`);
  }
  try {
    enableWal(db, options.timeoutMs);
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
  } catch (err) {
    db.close();
    const code = (err as { code?: string }).code;
    if (code === 'SQLITE_NOTADB') throw new FailureError(`${shown} is not a SQLite database`);
    throw err;
  }
  return db;
}

export function schemaVersion(db: Db): number {
  return db.pragma('user_version', { simple: true }) as number;
}

/** Open for an ordinary command: the database must exist at the current schema. */
export function openMigrated(path: string, shown: string, timeoutMs: number): Db {
  const db = openDatabase(path, shown, { timeoutMs });
  try {
    const version = schemaVersion(db);
    if (version !== SCHEMA_VERSION) throw version > SCHEMA_VERSION ? new SchemaTooNewError(version) : new SchemaTooOldError(version);
    assertSchemaComplete(db);
  } catch (err) {
    db.close();
    throw err;
  }
  return db;
}

/**
 * Another project's database, read-only (portfolio relay): no WAL switch, no
 * migration, nothing written; the caller checks the path first.
 */
export function openReadOnly(path: string, timeoutMs: number): Db {
  return new Database(path, {
    readonly: true,
    fileMustExist: true,
    timeout: Math.min(Math.ceil(timeoutMs), MAX_BUSY_TIMEOUT_MS),
    nativeBinding: sqliteAddon() as unknown as string,
  });
}
