// Reading all of stdin synchronously. readFileSync(0) fails with EAGAIN when
// stdin is a non-blocking pipe whose writer has not written yet (a parent in
// Node, for one), so read in a loop and wait briefly on EAGAIN instead.
import { readSync } from 'node:fs';

const EAGAIN_WAIT_MS = 2;

export function readAllStdin(fd = 0): string {
  const chunks: Buffer[] = [];
  const buffer = Buffer.alloc(64 * 1024);
  const pause = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    let n: number;
    try {
      n = readSync(fd, buffer, 0, buffer.length, null);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        Atomics.wait(pause, 0, 0, EAGAIN_WAIT_MS);
        continue;
      }
      if (code === 'EOF') break; // Windows-style end of a pipe
      throw err;
    }
    if (n === 0) break;
    chunks.push(Buffer.from(buffer.subarray(0, n)));
  }
  return Buffer.concat(chunks).toString('utf8');
}
