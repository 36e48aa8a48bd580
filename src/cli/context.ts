// What a handler gets: the global flags, the working directory, the clock,
// stdin, and the database, opened on first use the way the command's spec
// says (`db: required | optional | create | none`).
import type { GlobalFlags } from '../../generated/cli';
import { type Db, openMigrated, openDatabase, schemaVersion } from '../db/open';
import { displayPath, resolveDbPath } from '../db/path';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { readAllStdin } from './stdio';

export { MAX_INPUT_BYTES } from './stdio';

export interface CommandContext {
  /** The command path, as in error messages: "run advance". */
  readonly path: string;
  readonly globals: GlobalFlags;
  readonly cwd: string;
  readonly env: NodeJS.ProcessEnv;
  /** The database at the current schema; throws "run ic init" otherwise. */
  readonly db: Db;
  /** The resolved database path (not checked for existence). */
  readonly dbPath: string;
  /** The database path as shown to the user. */
  readonly dbShown: string;
  /** The database if the file exists, whatever its schema; else undefined. */
  openIfExists(): { db: Db; version: number } | undefined;
  /** Unix seconds. */
  now(): number;
  readStdin(): string;
  close(): void;
}

export interface ContextOptions {
  path: string;
  globals: GlobalFlags;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  stdin?: () => string;
}

export function createContext(options: ContextOptions): CommandContext {
  const cwd = options.cwd ?? process.cwd();
  let db: Db | undefined;
  let dbPath: string | undefined;
  const resolvePath = () => (dbPath ??= resolveDbPath(options.globals.db, cwd));
  return {
    path: options.path,
    globals: options.globals,
    cwd,
    env: options.env ?? process.env,
    get dbPath() {
      return resolvePath();
    },
    get dbShown() {
      return displayPath(resolvePath(), cwd);
    },
    get db() {
      return (db ??= openMigrated(resolvePath(), displayPath(resolvePath(), cwd), options.globals.timeout));
    },
    openIfExists() {
      const path = resolvePath();
      if (!existsSync(path)) return undefined;
      db ??= openDatabase(path, displayPath(path, cwd), { timeoutMs: options.globals.timeout });
      return { db, version: schemaVersion(db) };
    },
    now: () => Math.floor(Date.now() / 1000),
    readStdin: options.stdin ?? (() => readAllStdin()),
    close() {
      db?.close();
      db = undefined;
    },
  };
}

/** A --project directory as stored and compared: absolute, relative to the working directory; default the working directory. */
export function projectDir(ctx: Pick<CommandContext, 'cwd'>, project: string | undefined): string {
  return project ? resolve(ctx.cwd, project) : ctx.cwd;
}
