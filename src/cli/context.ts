// What a handler gets: the global flags, the working directory, the clock,
// stdin, and the database, opened on first use the way the command's spec
// says (`db: required | optional | create | none`).
import type { GlobalFlags } from '../../generated/cli';
import { type Db, openMigrated, openDatabase, schemaVersion } from '../db/open';
import { displayPath, resolveDbPath } from '../db/path';
import { existsSync, readSync } from 'node:fs';
import { FailureError } from './errors';

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
    readStdin: options.stdin ?? readStdinSync,
    close() {
      db?.close();
      db = undefined;
    },
  };
}

/** More input than any command takes (payloads stop at 1 MiB); past it ic stops reading. */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

/**
 * All of stdin, synchronously. A parent that spawned ic with a non-blocking
 * pipe (node, and other event-loop runtimes) makes a plain read fail with
 * EAGAIN before the data arrives, so wait briefly and read again.
 */
export function readStdinSync(): string {
  const chunks: Buffer[] = [];
  let total = 0;
  const buffer = Buffer.alloc(64 * 1024);
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    let n: number;
    try {
      n = readSync(0, buffer, 0, buffer.length, null);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        Atomics.wait(pause, 0, 0, 2);
        continue;
      }
      if (code === 'EOF') break;
      throw err;
    }
    if (n === 0) break;
    total += n;
    // Input without end (`< /dev/zero`) must not eat all memory.
    if (total > MAX_INPUT_BYTES) throw new FailureError(`stdin is larger than ${MAX_INPUT_BYTES} bytes`);
    chunks.push(Buffer.from(buffer.subarray(0, n)));
  }
  return Buffer.concat(chunks).toString('utf8');
}
