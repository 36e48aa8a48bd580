// The rules of the discovery pipeline: tiers from scores, the similarity of
// two embeddings, and the inputs a discovery command reads.
import type { Context } from '../cli/context';
import { FailureError } from '../cli/errors';
import { utf8Text } from '../cli/stdio';
import { ConfidenceTier } from '../../generated/values';
import { readFileUnderCwd } from '../fs/confined';
import { checkPayload } from '../state/payload';

/** Go's tier boundaries. */
export const TIER_HIGH = 0.8;
export const TIER_MEDIUM = 0.5;
export const TIER_LOW = 0.3;
/** The least score promote accepts without --force. */
export const PROMOTION_THRESHOLD = TIER_MEDIUM;

export function tierFromScore(score: number): ConfidenceTier {
  if (score >= TIER_HIGH) return ConfidenceTier.High;
  if (score >= TIER_MEDIUM) return ConfidenceTier.Medium;
  if (score >= TIER_LOW) return ConfidenceTier.Low;
  return ConfidenceTier.Discard;
}

/**
 * Cosine similarity of two embeddings stored as little-endian float32s; 0
 * when either is empty, their lengths differ or are not whole floats, or
 * either is all zeros (Go's rule).
 */
export function cosineSimilarity(a: Uint8Array | null, b: Uint8Array | null): number {
  if (!a || !b || a.length === 0 || a.length !== b.length || a.length % 4 !== 0) return 0;
  const va = new DataView(a.buffer, a.byteOffset, a.byteLength);
  const vb = new DataView(b.buffer, b.byteOffset, b.byteLength);
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i += 4) {
    const x = va.getFloat32(i, true);
    const y = vb.getFloat32(i, true);
    dot += x * y;
    na += x * x;
    nb += y * y;
  }
  if (na === 0 || nb === 0) return 0;
  const sim = dot / (Math.sqrt(na) * Math.sqrt(nb));
  return Number.isFinite(sim) ? sim : 0;
}

/** Inputs a command reads: at most 1 MiB. */
export const MAX_ARG_BYTES = 1024 * 1024;

export class DiscoveryInputError extends FailureError {
  constructor(flag: string, why: string) {
    super(`${flag}: ${why}`);
    this.name = 'DiscoveryInputError';
  }
}

/** A flag's value as bytes: the text itself, or the content of @path (a file under the working directory). */
export function argBytes(ctx: Context, flag: string, value: string): Buffer {
  if (!value.startsWith('@')) {
    const bytes = Buffer.from(value, 'utf8');
    if (bytes.length > MAX_ARG_BYTES) throw new DiscoveryInputError(flag, `larger than ${MAX_ARG_BYTES} bytes`);
    return bytes;
  }
  const file = value.slice(1);
  if (!file) throw new DiscoveryInputError(flag, '@ needs a file name');
  try {
    return readFileUnderCwd(ctx.cwd, file, MAX_ARG_BYTES);
  } catch (err) {
    throw new DiscoveryInputError(flag, `cannot read ${file}: ${(err as Error).message}`);
  }
}

/** A flag's value as a JSON document (the text or @path), within the state payload limits and with no likely secret. */
export function argJson(ctx: Context, flag: string, value: string): string {
  const text = utf8Text(argBytes(ctx, flag, value), flag).trim();
  try {
    checkPayload(text);
  } catch (err) {
    throw new DiscoveryInputError(flag, (err as Error).message);
  }
  return text;
}

/** A weights document: a JSON object whose values are numbers. */
export function argWeights(ctx: Context, flag: string, value: string): string {
  const text = argJson(ctx, flag, value);
  const parsed = JSON.parse(text) as unknown;
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) throw new DiscoveryInputError(flag, 'not a JSON object');
  for (const [k, v] of Object.entries(parsed)) {
    if (typeof v !== 'number') throw new DiscoveryInputError(flag, `the weight of ${JSON.stringify(k)} is not a number`);
  }
  return text;
}
