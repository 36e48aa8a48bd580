// Runs one command body and turns whatever it ends with into the contract's
// output: the result on stdout, or one `ic: <path>: <message>` line on
// stderr, and the exit code. No stack trace ever reaches the user.
import type { Writable } from 'node:stream';
import type { GlobalFlags } from '../../generated/cli';
import { createContext, type CommandContext } from './context';
import { IcError, type ExitCode } from './errors';

export interface Printed {
  exit: ExitCode;
  /** What goes to stdout, without the final newline; empty prints nothing. */
  out: string;
}

export interface RunIo {
  stdout: Writable;
  stderr: Writable;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  readStdin?: () => string;
}

export async function runCommand(
  path: string,
  globals: GlobalFlags,
  io: RunIo,
  body: (ctx: CommandContext) => Printed | Promise<Printed>,
): Promise<ExitCode> {
  const ctx = createContext({ path, globals, cwd: io.cwd, env: io.env, stdin: io.readStdin });
  try {
    const { exit, out } = await body(ctx);
    if (out !== '') io.stdout.write(out + '\n');
    return exit;
  } catch (err) {
    const [exit, message] = describeError(err, globals);
    io.stderr.write(`ic: ${path}: ${message}\n`);
    return exit;
  } finally {
    try {
      ctx.close();
    } catch {
      // Closing cannot change the outcome any more.
    }
  }
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

export function describeError(err: unknown, globals: Pick<GlobalFlags, 'timeout'>): [ExitCode, string] {
  if (err instanceof IcError) return [err.exit, oneLine(err.message)];
  const e = err as { code?: string; message?: string };
  const message = oneLine(String(e?.message ?? err));
  if (typeof e?.code === 'string' && e.code.startsWith('SQLITE_')) {
    if (e.code.startsWith('SQLITE_BUSY') || e.code.startsWith('SQLITE_LOCKED')) {
      return [
        2,
        `database is busy: another process held the lock for longer than the busy timeout (${globals.timeout}ms); retry, or raise --timeout`,
      ];
    }
    if (e.code.startsWith('SQLITE_CANTOPEN')) {
      return [2, `cannot open the database: ${message} (its directory must be writable: WAL keeps files beside it)`];
    }
    if (e.code.startsWith('SQLITE_READONLY')) return [2, `database cannot be written: ${message}`];
    if (e.code === 'SQLITE_FULL') return [2, `disk full: ${message}`];
    if (e.code.startsWith('SQLITE_CORRUPT') || e.code === 'SQLITE_NOTADB') return [2, `database is damaged or not SQLite: ${message}`];
    return [2, `database error (${e.code}): ${message}`];
  }
  if (typeof e?.code === 'string' && /^E[A-Z]+$/.test(e.code)) return [2, `I/O error: ${message}`];
  return [2, `internal error: ${message}`];
}
