// Content hashes for `run artifact add` (contract v6, 5.4): `sha256:<hex>` of
// a file's bytes, or nothing when the path is not a regular file ic can read.
// FIFOs and devices are refused without blocking; the file is streamed.
import { closeSync, constants, fstatSync, openSync, readSync } from 'node:fs';
import { isRegularFile } from '../fs/stat';

const CHUNK_BYTES = 64 * 1024;

/**
 * `sha256:` and the 64 lowercase hex digits of the SHA-256 of the file's
 * bytes, or undefined when the path is missing, unreadable, a directory, or
 * anything but a regular file (a symlink counts as what it points to).
 * The path is stat'ed first, so a FIFO or device is never even opened; the
 * open itself is O_NONBLOCK | O_NOCTTY and the open fd is fstat'ed again, so
 * a path swapped for a FIFO in between cannot block either. Synchronous:
 * the CLI has nothing else to do meanwhile.
 */
export function sha256File(path: string): string | undefined {
  if (!isRegularFile(path)) return undefined;
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch {
    return undefined;
  }
  try {
    if (!fstatSync(fd).isFile()) return undefined;
    // Loaded here, not at the top: node:crypto costs start-up time that
    // commands which never hash should not pay.
    const { createHash } = require('node:crypto') as typeof import('node:crypto');
    const hash = createHash('sha256');
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
    for (;;) {
      const n = readSync(fd, buffer, 0, CHUNK_BYTES, null);
      if (n === 0) break;
      hash.update(buffer.subarray(0, n));
    }
    return `sha256:${hash.digest('hex')}`;
  } catch {
    return undefined; // a read error (EIO, EACCES on a strange filesystem): no hash, not a failure
  } finally {
    closeSync(fd);
  }
}
