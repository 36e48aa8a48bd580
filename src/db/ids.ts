// IDs of dispatches, runs, agents and artifacts: 8 characters of [a-z0-9]
// from a cryptographic source, without modulo bias.
import { closeSync, openSync, readSync } from 'node:fs';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const LIMIT = 252; // the largest multiple of 36 below 256

/**
 * Random bytes from the kernel. Loading node:crypto costs ~4 ms of start-up
 * (it pulls in the stream machinery), so read /dev/urandom, which is the same
 * source, and use crypto only where there is none.
 */
function randomBytes(n: number): Uint8Array {
  const bytes = Buffer.alloc(n);
  try {
    const fd = openSync('/dev/urandom', 'r');
    try {
      if (readSync(fd, bytes, 0, n, null) === n) return bytes;
    } finally {
      closeSync(fd);
    }
  } catch {
    // No /dev/urandom here.
  }
  return (require('node:crypto') as typeof import('node:crypto')).randomBytes(n);
}

export function newId(length = 8): string {
  let id = '';
  while (id.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < LIMIT && id.length < length) id += ALPHABET[byte % 36];
    }
  }
  return id;
}

/** `bytes` random bytes as lowercase hex (scheduler job ids: 16 bytes, 32 characters, as Go makes them). */
export function newHexId(bytes = 16): string {
  return Buffer.from(randomBytes(bytes)).toString('hex');
}
