// A receipt's signed bytes (the canon's canonicalization, Go's
// internal/receipt): a JSON object of the eight signed fields in the canon's
// order, no whitespace, a minimal escape set, tool calls as {name,
// args_hash, result_hash, duration_ms}, a missing parent run as null. Two
// writers that agree on the fields produce the same bytes, byte for byte,
// so a receipt Go signed verifies here and one signed here verifies in Go.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { unixNanos } from '../sys/clock';

export const SCHEMA_VERSION = 1;
export const SIGNATURE_ALG = 'hmac-sha256-v1';
export const ID_PREFIX = 'rcpt_';

export interface ToolCall {
  name: string;
  args_hash: string;
  result_hash: string;
  duration_ms: number;
}

/** The signed fields, in the canon's order. */
export interface SignedFields {
  receipt_id: string;
  timestamp: string;
  agent_id: string;
  model: string;
  tool_calls: readonly ToolCall[];
  parent_run_id: string | null;
  content_hash: string;
  schema_version: number;
}

const SHORT_ESCAPES: Record<string, string> = { '"': '\\"', '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };

/** A canonical JSON string: the short escapes, \u00XX for the other control characters, everything else as it is. */
function str(s: string): string {
  return `"${s.replace(/["\\\u0000-\u001f]/g, (c) => SHORT_ESCAPES[c] ?? `\\u00${c.charCodeAt(0).toString(16).padStart(2, '0')}`)}"`;
}

export function canonicalToolCalls(calls: readonly ToolCall[]): string {
  return `[${calls
    .map(
      (c) => `{"name":${str(c.name)},"args_hash":${str(c.args_hash)},"result_hash":${str(c.result_hash)},"duration_ms":${c.duration_ms}}`,
    )
    .join(',')}]`;
}

export function canonicalize(r: SignedFields): Buffer {
  const text =
    `{"receipt_id":${str(r.receipt_id)},"timestamp":${str(r.timestamp)},"agent_id":${str(r.agent_id)},"model":${str(r.model)},` +
    `"tool_calls":${canonicalToolCalls(r.tool_calls)},"parent_run_id":${r.parent_run_id === null ? 'null' : str(r.parent_run_id)},` +
    `"content_hash":${str(r.content_hash)},"schema_version":${r.schema_version}}`;
  return Buffer.from(text, 'utf8');
}

/** The signature: HMAC-SHA256 of the canonical bytes under the key, in hex. */
export function sign(canonical: Buffer, key: Buffer): string {
  return createHmac('sha256', key).update(canonical).digest('hex');
}

/** Whether `signature` (hex) is the HMAC of the bytes under the key, compared in constant time. */
export function signatureMatches(canonical: Buffer, key: Buffer, signature: string): boolean | 'not hex' {
  if (!/^(?:[0-9a-fA-F]{2})*$/.test(signature)) return 'not hex';
  const expected = Buffer.from(signature, 'hex');
  const actual = createHmac('sha256', key).update(canonical).digest();
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/**
 * A stored tool_calls_json as Go's decoder reads it: "" and [] are none;
 * otherwise an array of objects whose known fields have their types (a
 * missing one is its zero value). Throws for anything else.
 */
export function parseToolCalls(text: string): ToolCall[] {
  if (text === '' || text === '[]') return [];
  const value: unknown = JSON.parse(text);
  if (value === null) return [];
  if (!Array.isArray(value)) throw new Error('tool calls are not a JSON array');
  return value.map((item, i) => {
    if (item === null) return { name: '', args_hash: '', result_hash: '', duration_ms: 0 };
    if (typeof item !== 'object' || Array.isArray(item)) throw new Error(`tool call ${i} is not an object`);
    const o = item as Record<string, unknown>;
    const text = (k: string) => {
      const v = o[k];
      if (v === undefined || v === null) return '';
      if (typeof v !== 'string') throw new Error(`tool call ${i}: ${k} is not a string`);
      return v;
    };
    const ms = o.duration_ms ?? 0;
    if (!Number.isSafeInteger(ms)) throw new Error(`tool call ${i}: duration_ms is not a whole number`);
    return { name: text('name'), args_hash: text('args_hash'), result_hash: text('result_hash'), duration_ms: ms as number };
  });
}

// ---- ids and times ------------------------------------------------------------------------

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** rcpt_ and a ULID: 48 bits of milliseconds, 80 random bits, in Crockford's base 32 (receipts sort by time). */
export function newReceiptId(ms: number): string {
  let time = '';
  let t = Math.floor(ms);
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32]! + time;
    t = Math.floor(t / 32);
  }
  const bytes = randomBytes(10);
  let bits = 0n;
  for (const b of bytes) bits = (bits << 8n) | BigInt(b);
  let random = '';
  for (let i = 0; i < 16; i++) {
    random = CROCKFORD[Number(bits & 31n)]! + random;
    bits >>= 5n;
  }
  return `${ID_PREFIX}${time}${random}`;
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** RFC 3339 in UTC with exactly six fractional digits (the canon's timestamp). */
export function receiptTimestamp(ms: number, micros: number): string {
  const d = new Date(Math.floor(ms));
  return (
    `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}T` +
    `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}.${pad(micros, 6)}Z`
  );
}

/** Now, to the microsecond: [milliseconds since the epoch, microseconds within the second]. */
export function nowMicros(): [number, number] {
  const ns = unixNanos();
  return [Number(ns / 1_000_000n), Number((ns / 1000n) % 1_000_000n)];
}
