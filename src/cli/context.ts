// What a handler gets. The spec's `db` says how a command uses the database,
// and the context's type says the same: a command declared `db: none` has no
// database in its context at all, `optional` may open one if it exists,
// `create` (init) gets only the path, and `required` gets the migrated
// database with its write transactions.
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { GlobalFlags } from '../../generated/cli';
import { type Db, openDatabase, openMigrated, schemaVersion } from '../db/open';
import { type DbIdentity, connectionAbandoned, noteIdentity } from '../db/identity';
import { displayPath, resolveDbPath } from '../db/path';
import { type Tx, writeTransaction } from '../db/transaction';
import type { RecordedEvent } from '../events/record';
import { readAllStdin } from './stdio';
import type { Display } from './terminal';

/** Nobody watching: what a context gets when not told otherwise. */
const NO_DISPLAY: Display = { stdout: false, stderr: false, stdin: false, color: false, columns: 80 };

export { MAX_INPUT_BYTES } from './stdio';

export type DbMode = 'none' | 'optional' | 'create' | 'required';

/** Every command's context: no database. */
export interface Context {
  /** The command path, as in error messages: "run advance". */
  readonly path: string;
  readonly globals: GlobalFlags;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** Unix seconds. */
  now(): number;
  readStdin(): string;
  /** One line on stderr (a warning, a handler's report); stdout is for the result only. */
  stderr(line: string): void;
  /** Progress of a long command (spec `progress`): a status line on stderr at a terminal, else nothing. */
  progress(line: string): void;
  /** Whether a person is at stdout, stderr, stdin, and takes colour (src/cli/terminal.ts). */
  readonly display: Display;
}

/** init: where the database is, nothing opened. */
export interface DbPathContext extends Context {
  /** The resolved database path (not checked for existence). */
  readonly dbPath: string;
  /** The database path as shown to the user. */
  readonly dbShown: string;
}

/** version, health, compat status: the database if its file exists, at any schema. */
export interface OptionalDbContext extends DbPathContext {
  openIfExists(): { db: Db; version: number } | undefined;
}

/** Every other command: the database at the current schema ("run ic init" otherwise). */
export interface DbContext extends DbPathContext {
  readonly db: Db;
  /**
   * One BEGIN IMMEDIATE transaction; the events it records are kept for the
   * after-commit point. It first checks that the path still names the file
   * opened (src/db/identity.ts).
   */
  write<T>(body: (tx: Tx) => T): T;
  /** Throws (exit 2) when the database path no longer names the file opened: for each poll of a long-lived command. */
  checkDbIdentity(): void;
}

export type ContextFor<M extends DbMode> = M extends 'required'
  ? DbContext
  : M extends 'optional'
    ? OptionalDbContext
    : M extends 'create'
      ? DbPathContext
      : Context;

export interface ContextOptions {
  path: string;
  globals: GlobalFlags;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  stdin?: () => string;
  stderr: (line: string) => void;
  progress?: (line: string) => void;
  display?: Display;
}

/** The runtime behind every context; the type handed to a handler shows only its mode's part. */
export interface CommandContext extends DbContext, OptionalDbContext {
  /** Events of committed transactions, for the after-commit point. */
  readonly committed: RecordedEvent[];
  close(): void;
}

export function createContext(options: ContextOptions): CommandContext {
  const cwd = options.cwd ?? process.cwd();
  const globals = options.globals;
  let db: Db | undefined;
  let identity: DbIdentity | undefined;
  let dbPath: string | undefined;
  const env = options.env ?? process.env;
  const resolvePath = () => (dbPath ??= resolveDbPath(globals.db, cwd, env));
  const committed: RecordedEvent[] = [];
  const now = () => Math.floor(Date.now() / 1000);
  const ctx: CommandContext = {
    path: options.path,
    globals,
    cwd,
    env,
    committed,
    get dbPath() {
      return resolvePath();
    },
    get dbShown() {
      return displayPath(resolvePath(), cwd);
    },
    get db() {
      if (!db) {
        const path = resolvePath();
        const shown = displayPath(path, cwd);
        db = openMigrated(path, shown, globals.timeout);
        identity = noteIdentity(path, shown);
      }
      return db;
    },
    openIfExists() {
      const path = resolvePath();
      if (!existsSync(path)) return undefined;
      db ??= openDatabase(path, displayPath(path, cwd), { timeoutMs: globals.timeout });
      return { db, version: schemaVersion(db) };
    },
    write(body) {
      const { result, recorded } = writeTransaction(ctx.db, now, (tx) => {
        ctx.checkDbIdentity();
        return body(tx);
      });
      committed.push(...recorded);
      return result;
    },
    checkDbIdentity() {
      identity?.check();
    },
    now,
    readStdin: options.stdin ?? (() => readAllStdin()),
    stderr: options.stderr,
    progress: options.progress ?? (() => {}),
    display: options.display ?? NO_DISPLAY,
    close() {
      // A connection to a database that was replaced is never closed (src/db/identity.ts).
      if (!connectionAbandoned()) db?.close();
      db = undefined;
      identity = undefined;
    },
  };
  return ctx;
}

/** A --project directory as stored and compared: absolute, relative to the working directory; default the working directory. */
export function projectDir(ctx: Pick<Context, 'cwd'>, project: string | undefined): string {
  return project ? resolve(ctx.cwd, project) : ctx.cwd;
}
