// IDs of dispatches, runs, agents and artifacts: 8 characters of [a-z0-9]
// from a cryptographic source, without modulo bias.
import { randomBytes } from 'node:crypto';

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';
const LIMIT = 252; // the largest multiple of 36 below 256

export function newId(length = 8): string {
  let id = '';
  while (id.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < LIMIT && id.length < length) id += ALPHABET[byte % 36];
    }
  }
  return id;
}
