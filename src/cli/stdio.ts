// ic's stdin and stdout/stderr, through file descriptors. process.stdout and
// friends build Node streams (net sockets for pipes), which costs several ms
// a start; ic reads its input once and writes a few short lines, so plain
// synchronous reads and writes on fds 0, 1 and 2 do.
import { isUtf8 } from 'node:buffer';
import { readSync, writeSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { sleepSync } from '../sys/sleep';
import { FailureError } from './errors';

/** More input than any command takes (payloads stop at 1 MiB); past it ic stops reading. */
export const MAX_INPUT_BYTES = 64 * 1024 * 1024;

/** How long to wait when a non-blocking pipe is not ready yet. */
const EAGAIN_WAIT_MS = 2;

/**
 * All of stdin. readFileSync(0) fails with EAGAIN when stdin is a
 * non-blocking pipe whose writer has not written yet (a parent in Node, for
 * one), so read in a loop and wait briefly on EAGAIN instead.
 */
export function readAllStdin(fd = 0): string {
  const chunks: Buffer[] = [];
  const buffer = Buffer.alloc(64 * 1024);
  let total = 0;
  for (;;) {
    let n: number;
    try {
      n = readSync(fd, buffer, 0, buffer.length, null);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        sleepSync(EAGAIN_WAIT_MS);
        continue;
      }
      if (code === 'EOF') break; // Windows-style end of a pipe
      throw err;
    }
    if (n === 0) break;
    total += n;
    // Input without end (`< /dev/zero`) must not eat all memory.
    if (total > MAX_INPUT_BYTES) throw new FailureError(`stdin is larger than ${MAX_INPUT_BYTES} bytes`);
    chunks.push(Buffer.from(buffer.subarray(0, n)));
  }
  return utf8Text(Buffer.concat(chunks), 'stdin');
}

/**
 * The text of bytes that must be UTF-8. Invalid bytes are refused, never
 * replaced by U+FFFD: what is stored must be what was given.
 */
export function utf8Text(bytes: Buffer, source: string): string {
  if (!isUtf8(bytes)) {
    throw new FailureError(
      `invalid payload: not valid UTF-8 (${source}); ic stores text as given and would give other bytes back: convert it to UTF-8, or encode binary data (base64) in the JSON`,
    );
  }
  return bytes.toString('utf8');
}

/**
 * A stdout or stderr that writes synchronously to a file descriptor. Only
 * `write` is used by ic and clipanion; it returns false once the output is
 * gone. A reader that went away (EPIPE, as in
 * `ic run list | head -1`) ends the output quietly, like any Unix tool; any
 * other error ends it too and goes to `onError`.
 */
export function fdWriter(fd: number, onError: (err: NodeJS.ErrnoException) => void = () => {}): Writable {
  let closed = false;
  const write = (chunk: string | Uint8Array): boolean => {
    let data = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    while (!closed && data.length) {
      try {
        data = data.subarray(writeSync(fd, data));
      } catch (err) {
        const e = err as NodeJS.ErrnoException;
        if (e.code === 'EAGAIN') {
          sleepSync(EAGAIN_WAIT_MS);
          continue;
        }
        closed = true;
        if (e.code !== 'EPIPE') onError(e);
      }
    }
    // False once the output is gone: a streaming command stops there.
    return !closed;
  };
  return { write } as unknown as Writable;
}
