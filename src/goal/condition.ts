// A goal's condition read from a file (goal create --condition-file, goal
// lint-condition --file). The file must be a regular file (a directory, FIFO
// or device is refused without blocking on it), of a size a condition can
// have, and text: UTF-8 without NUL bytes. Any other file is one line on
// stderr and exit 2 (Go's code for a file it cannot read), before anything is
// written. The condition is the file's text as it is (Go does not trim it).
import { isUtf8 } from 'node:buffer';
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { resolve } from 'node:path';
import { FailureError, firstLine } from '../cli/errors';
import { displayPath } from '../db/path';
import { MAX_CONDITION_BYTES } from './lint';

/**
 * The most a condition file may hold. A condition longer than the /goal
 * limit (4000 bytes) still reaches the lint, which refuses it (and --force
 * stores it, as Go does); a file many times that size is no condition, and is
 * never read whole.
 */
export const MAX_CONDITION_FILE_BYTES = 16 * MAX_CONDITION_BYTES;

export class ConditionFileError extends FailureError {
  constructor(flag: string, shown: string, why: string) {
    super(`${flag} ${shown}: ${why}`);
    this.name = 'ConditionFileError';
  }
}

function why(err: unknown): string {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'ENOTDIR') return 'a component of the path is not a directory';
  if (code === 'ELOOP') return 'too many symbolic links';
  return firstLine(err);
}

/** The text of a condition file, or a ConditionFileError (exit 2) saying why it cannot be one. */
export function readConditionFile(cwd: string, flag: string, path: string): string {
  const full = resolve(cwd, path);
  const shown = displayPath(full, cwd);
  const fail = (reason: string) => new ConditionFileError(flag, shown, reason);
  let fd: number;
  try {
    // Non-blocking and no controlling terminal: opening a FIFO or a tty must not hang ic.
    fd = openSync(full, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (err) {
    throw fail(why(err));
  }
  let bytes: Buffer;
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw fail('is a directory, not a file');
    if (!stat.isFile()) throw fail('not a regular file');
    if (stat.size > MAX_CONDITION_FILE_BYTES)
      throw fail(`${stat.size} bytes, more than the ${MAX_CONDITION_FILE_BYTES} a condition file may hold`);
    // Read at most one byte past the limit: a file that grew since fstat is still caught.
    const buffer = Buffer.alloc(MAX_CONDITION_FILE_BYTES + 1);
    let total = 0;
    for (;;) {
      const n = readSync(fd, buffer, total, buffer.length - total, null);
      if (n === 0) break;
      total += n;
      if (total > MAX_CONDITION_FILE_BYTES) throw fail(`more than the ${MAX_CONDITION_FILE_BYTES} bytes a condition file may hold`);
    }
    bytes = buffer.subarray(0, total);
  } catch (err) {
    if (err instanceof ConditionFileError) throw err;
    throw fail(`cannot be read: ${why(err)}`);
  } finally {
    closeSync(fd);
  }
  const nul = bytes.indexOf(0);
  if (nul !== -1) throw fail(`is binary (a NUL byte at offset ${nul}), not a condition's text`);
  if (!isUtf8(bytes)) throw fail('is not UTF-8 text; a condition is text the /goal evaluator reads');
  return bytes.toString('utf8');
}
