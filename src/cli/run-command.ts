// Runs one command: builds the context its spec's `db` mode gives, calls the
// body, prints the output, then hands committed events to the after-commit
// point. Whatever it ends with becomes the contract's output: the result on
// stdout, or one `ic: <path>: <message>` line on stderr, and the exit code.
// No stack trace ever reaches the user.
import type { Writable } from 'node:stream';
import type { GlobalFlags } from '../../generated/cli';
import { diagnoseAccess, diskFull } from '../db/diagnose';
import { DB_ENV } from '../db/path';
import type { RecordedEvent } from '../events/record';
import { type CommandContext, type ContextFor, type DbMode, createContext } from './context';
import { Exit } from '../../generated/values';
import { type ExitCode, IcError, StartupError } from './errors';
import type { Output } from './output';
import { oneLine } from '../format/text';
import { display, stripStyles } from './terminal';

export interface RunIo {
  stdout: Writable;
  stderr: Writable;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  readStdin?: () => string;
  /** Whether fd 0, 1 or 2 is a terminal; absent (tests, the code-cache warm-up): never. */
  isTerminal?: (fd: 0 | 1 | 2) => boolean;
}

/** What a generated command class says about itself. */
export interface CommandInfo<M extends DbMode> {
  path: string;
  db: M;
  /**
   * Hands the events it recorded to the event handlers after the commit
   * (src/events/notify.ts). Imported only by the commands that notify: the
   * handlers bring child_process, crypto and os, which no other command loads.
   */
  notify?: (ctx: CommandContext, events: readonly RecordedEvent[]) => Promise<void>;
  /** The handler reports progress: a status line on stderr when that is a terminal. */
  progress?: boolean;
  /** A command with exit codes of its own (spec error_exit): every error (2, or a usage error, 3) exits with this instead. */
  errorExit?: number;
}

export async function runCommand<M extends DbMode, D>(
  info: CommandInfo<M>,
  io: RunIo & { globals: GlobalFlags },
  body: (ctx: ContextFor<M>) => D | Promise<D>,
  output: Output<D>,
): Promise<number> {
  const env = io.env ?? process.env;
  const shown = display(env, io.isTerminal, io.globals.color);
  // A status line is drawn over itself (\r, clear to the end) and cleared before anything else is written.
  // Without colour it has no escape code either: blanks cover what the last one left.
  let status = 0;
  const clearStatus = () => {
    if (status) io.stderr.write(shown.color ? '\r\x1b[K' : `\r${' '.repeat(status)}\r`);
    status = 0;
  };
  const progress =
    info.progress && shown.stderr
      ? (line: string) => {
          const text = line.replace(/[\r\n]+/g, ' ');
          io.stderr.write(shown.color ? `\r\x1b[K${text}` : `\r${text}${' '.repeat(Math.max(0, status - text.length))}`);
          status = Math.max(text.length, 1);
        }
      : undefined;
  const stderr = (line: string) => {
    clearStatus();
    io.stderr.write(`${line}\n`);
  };
  // Built inside the try: whatever building it throws is one line like any
  // other error (describeError then works without a context).
  let ctx: CommandContext | undefined;
  try {
    ctx = createContext({
      path: info.path,
      globals: io.globals,
      cwd: io.cwd,
      env: io.env,
      stdin: io.readStdin,
      stderr,
      progress,
      display: shown,
    });
    // A command that needs the database: a --db given that cannot be used is the error, whatever
    // else it is told (as the original checks it first). One that may do without opens it only if need be.
    if (info.db === 'required' && (io.globals.db !== undefined || env[DB_ENV])) void ctx.dbPath;
    const data = await body(ctx as unknown as ContextFor<M>);
    clearStatus();
    let out: string;
    if (!io.globals.json || output.json === 'text') {
      out = output.text(data, io.globals);
      if (output.tty && !io.globals.json && shown.stdout) {
        try {
          out = output.tty(data, out, ctx);
          if (!shown.color) out = stripStyles(out);
        } catch {
          // A picture that cannot be drawn (a damaged stored chain, say) leaves the plain text.
        }
      }
    } else {
      out = typeof output.json === 'function' ? output.json(data) : '';
    }
    if (out !== '') io.stdout.write(out + '\n');
    if (info.notify) await info.notify(ctx, ctx.committed);
    const exit = output.exit?.(data) ?? 0;
    // An exit the data decides is silent; --verbose reports it when the spec words it.
    if (exit === 1 && io.globals.verbose && output.verbose) stderr(`ic: ${info.path}: ${output.verbose(data)}`);
    return exit;
  } catch (err) {
    const [exit, message] = describeError(err, ctx ?? { globals: io.globals });
    stderr(err instanceof StartupError ? `ic: cannot start: ${message}` : `ic: ${info.path}: ${message}`);
    // A command with codes of its own answers every error with its own code; a raised negative (exit 1) stays 1.
    return info.errorExit !== undefined && exit !== 1 ? info.errorExit : exit;
  } finally {
    clearStatus();
    try {
      ctx?.close();
    } catch {
      // Closing cannot change the outcome any more.
    }
  }
}

/** What describeError may use of a context: the flags, and the database path if it can be resolved. */
export type ErrorContext = Partial<Pick<CommandContext, 'globals' | 'dbPath' | 'dbShown'>>;

/** The database path and how it is shown, or undefined when it cannot be resolved (no context, a bad --db). */
function dbPaths(ctx: ErrorContext | undefined): { path: string; shown: string } | undefined {
  try {
    const path = ctx?.dbPath;
    if (path === undefined) return undefined;
    return { path, shown: ctx?.dbShown ?? path };
  } catch {
    return undefined;
  }
}

/** With --verbose, database errors also name the file and SQLite's own code. */
function detail(ctx: ErrorContext | undefined, code: string): string {
  if (!ctx?.globals?.verbose) return '';
  const paths = dbPaths(ctx);
  return paths ? ` [${code}, database ${paths.path}]` : ` [${code}]`;
}

/** A full disk, named as such, when the file system holding the database is full (or `always`). */
function fullDisk(ctx: ErrorContext | undefined, always: boolean): string | undefined {
  const paths = dbPaths(ctx);
  if (!paths) return always ? 'disk full: no space left on the device; free some space and retry' : undefined;
  return diskFull(paths.path, paths.shown, always);
}

/** Why the database files cannot be used (a foreign -shm, a read-only file or directory), if that is the cause. */
function accessProblem(ctx: ErrorContext | undefined): string | undefined {
  const paths = dbPaths(ctx);
  return paths && diagnoseAccess(paths.path, paths.shown);
}

export function describeError(err: unknown, ctx?: ErrorContext): [ExitCode, string] {
  if (err instanceof IcError) return [err.exit, oneLine(err.message)];
  const e = err as { code?: string; message?: string };
  const message = oneLine(String(e?.message ?? err));
  if (typeof e?.code === 'string' && e.code.startsWith('SQLITE_')) {
    const more = detail(ctx, e.code);
    if (e.code.startsWith('SQLITE_BUSY') || e.code.startsWith('SQLITE_LOCKED')) {
      return [
        2,
        `database is busy: another process held the lock for longer than the busy timeout (${ctx?.globals?.timeout}ms); retry, or raise --timeout${more}`,
      ];
    }
    if (e.code === 'SQLITE_FULL') return [Exit.Error, `${fullDisk(ctx, true)}${more}`];
    // SQLite reports a full disk while growing the -shm or the WAL as an I/O error.
    if (e.code.startsWith('SQLITE_IOERR')) {
      const cause = fullDisk(ctx, false) ?? accessProblem(ctx);
      if (cause) return [Exit.Error, `${cause}${more}`];
    }
    if (e.code.startsWith('SQLITE_CANTOPEN') || e.code.startsWith('SQLITE_READONLY') || e.code.startsWith('SQLITE_PERM')) {
      const cause = accessProblem(ctx);
      if (cause) return [Exit.Error, `${cause}${more}`];
    }
    if (e.code.startsWith('SQLITE_CANTOPEN')) {
      return [Exit.Error, `cannot open the database: ${message} (its directory must be writable: WAL keeps files beside it)${more}`];
    }
    if (e.code.startsWith('SQLITE_READONLY')) return [Exit.Error, `database cannot be written: ${message}${more}`];
    if (e.code.startsWith('SQLITE_CORRUPT') || e.code === 'SQLITE_NOTADB')
      return [Exit.Error, `database is damaged or not SQLite: ${message}${more}`];
    return [Exit.Error, `database error (${e.code}): ${message}${more}`];
  }
  if (e?.code === 'ENOSPC' || e?.code === 'EDQUOT') return [Exit.Error, `${fullDisk(ctx, true)} (${message})`];
  if (typeof e?.code === 'string' && /^E[A-Z]+$/.test(e.code)) return [Exit.Error, `I/O error: ${message}`];
  return [Exit.Error, `internal error: ${message}`];
}
