// @path arguments: a file the user names on the command line whose content
// becomes a payload. It must resolve (symlinks followed) to a regular file
// under the working directory, and is read without blocking (a FIFO or a
// device there would otherwise hang ic or feed it forever), up to a limit.
import { closeSync, constants, fstatSync, openSync, readFileSync, realpathSync } from 'node:fs';
import { isAbsolute, relative, resolve, sep } from 'node:path';

/** Reads `file` (relative to cwd); throws an Error whose message says why it cannot be read. */
export function readFileUnderCwd(cwd: string, file: string, maxBytes: number): Buffer {
  let real: string;
  try {
    real = realpathSync(resolve(cwd, file));
  } catch (err) {
    throw new Error((err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message);
  }
  const rel = relative(realpathSync(cwd), real);
  if (rel === '' || rel === '..' || rel.startsWith('..' + sep) || isAbsolute(rel)) throw new Error('it is not under the working directory');
  const fd = openSync(real, constants.O_RDONLY | constants.O_NONBLOCK);
  try {
    const stat = fstatSync(fd);
    if (!stat.isFile()) throw new Error('not a regular file');
    if (stat.size > maxBytes) throw new Error(`larger than ${maxBytes} bytes`);
    return readFileSync(fd);
  } finally {
    closeSync(fd);
  }
}
