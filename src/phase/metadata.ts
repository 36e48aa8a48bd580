// A run's metadata: a JSON object stored canonical (keys sorted, compact),
// merged recursively by run set --metadata-merge, and the close gate it may
// carry: close_gate.requirements naming runtime-evidence/v1 makes the move
// to done need a verified runtime-evidence receipt, whatever the priority.
// Once sealed, a close gate only grows: its requirements, bead, adoption,
// expectations and digest cannot be removed or changed.
import { UsageError } from '../cli/errors';
import { type Expectations, validateExpectations } from './runtime-proof';

export const RUNTIME_EVIDENCE_REQUIREMENT = 'runtime-evidence/v1';
const DIGEST = /^sha256:[0-9a-f]{64}$/;

type Obj = Record<string, unknown>;

/** Why metadata is refused (exit 3 on the command line). */
export class MetadataError extends UsageError {
  constructor(message: string) {
    super(`invalid run metadata: ${message}`);
    this.name = 'MetadataError';
  }
}

const isObject = (v: unknown): v is Obj => v !== null && typeof v === 'object' && !Array.isArray(v);

/** Parses a JSON object (one value, nothing after it). */
export function parseMetadataObject(raw: string): Obj {
  if (raw.trim() === '') throw new MetadataError('empty JSON');
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch (err) {
    throw new MetadataError((err as Error).message);
  }
  if (!isObject(value)) throw new MetadataError('metadata must be a JSON object');
  return value;
}

/** Canonical JSON: object keys sorted at every depth, compact (as Go's encoder writes a decoded map). */
export function canonicalJson(value: unknown): string {
  const sorted = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sorted)
      : isObject(v)
        ? Object.fromEntries(
            Object.keys(v)
              .sort()
              .map((k) => [k, sorted(v[k])]),
          )
        : v;
  return JSON.stringify(sorted(value));
}

function requirementSet(closeGate: Obj): Set<string> {
  const raw = closeGate.requirements;
  if (raw === undefined) return new Set();
  if (!Array.isArray(raw)) throw new MetadataError('close_gate.requirements must be an array');
  const out = new Set<string>();
  for (const r of raw) {
    if (typeof r !== 'string' || r === '' || out.has(r))
      throw new MetadataError('close_gate.requirements must contain unique non-empty strings');
    out.add(r);
  }
  return out;
}

function decodeExpectations(raw: unknown): Expectations {
  const problem = validateExpectations(raw);
  if (problem) throw new MetadataError(`runtime_expectations: ${problem}`);
  return raw as Expectations;
}

/** The checks Go makes of a metadata object whose close gate requires runtime evidence. */
function validateMetadataObject(obj: Obj): void {
  const raw = obj.close_gate;
  if (raw === undefined || raw === null) return;
  if (!isObject(raw)) throw new MetadataError('close_gate must be an object');
  if (!requirementSet(raw).has(RUNTIME_EVIDENCE_REQUIREMENT)) return;
  if (typeof raw.bead_id !== 'string' || raw.bead_id.trim() === '') throw new MetadataError('runtime evidence requires close_gate.bead_id');
  if ('adoption' in raw && (!isObject(raw.adoption) || Object.keys(raw.adoption).length === 0))
    throw new MetadataError('close_gate.adoption must be an object');
  const hasExpectations = 'runtime_expectations' in raw;
  if (hasExpectations !== 'config_digest' in raw) throw new MetadataError('runtime_expectations and config_digest must be set together');
  if (hasExpectations) {
    if (!isObject(raw.runtime_expectations)) throw new MetadataError('runtime_expectations must be an object');
    if (typeof raw.config_digest !== 'string' || !DIGEST.test(raw.config_digest))
      throw new MetadataError('config_digest must be a sha256 digest');
    decodeExpectations(raw.runtime_expectations);
  }
}

/** --metadata, --metadata-merge: a JSON object, checked, in canonical form. */
export function canonicalMetadata(raw: string): string {
  const obj = parseMetadataObject(raw);
  validateMetadataObject(obj);
  return canonicalJson(obj);
}

function mergeObject(dst: Obj, patch: Obj): void {
  for (const [key, value] of Object.entries(patch)) {
    const current = dst[key];
    if (isObject(value) && isObject(current)) mergeObject(current, value);
    else dst[key] = value;
  }
}

const sameJson = (a: unknown, b: unknown) => canonicalJson(a) === canonicalJson(b);

/** A sealed close gate (one requiring runtime evidence) may not be weakened by a merge. */
function checkSealed(before: Obj, after: Obj): void {
  const gate = before.close_gate;
  if (!isObject(gate) || !requirementSet(gate).has(RUNTIME_EVIDENCE_REQUIREMENT)) return;
  const sealed = (what: string) => new MetadataError(`sealed close-gate metadata cannot be changed: ${what}`);
  const next = after.close_gate;
  if (!isObject(next)) throw sealed('close_gate removed');
  const now = requirementSet(next);
  for (const r of requirementSet(gate)) if (!now.has(r)) throw sealed(`requirement "${r}" removed`);
  if (next.bead_id !== gate.bead_id) throw sealed('bead_id changed');
  for (const field of ['adoption', 'runtime_expectations', 'config_digest'])
    if (field in gate && !sameJson(gate[field], next[field])) throw sealed(`${field} changed`);
}

/** The run's metadata after a recursive merge of a patch (both JSON objects), canonical. */
export function mergeMetadata(current: string | null, patch: string): string {
  const before = parseMetadataObject(current ?? '{}');
  const after = JSON.parse(JSON.stringify(before)) as Obj;
  mergeObject(after, parseMetadataObject(patch));
  checkSealed(before, after);
  validateMetadataObject(after);
  return canonicalJson(after);
}

/** What a run's close gate asks: whether runtime evidence is required, and, once sealed, what the receipt must show. */
export interface RuntimeEvidenceConfig {
  required: boolean;
  beadId: string;
  expectations?: Expectations;
  /** Expectations and digest are sealed: a receipt can be checked. */
  ready: boolean;
}

/** The close gate of a run's metadata; throws MetadataError when it does not read (the gate then fails closed). */
export function runtimeEvidenceFor(metadata: string | null): RuntimeEvidenceConfig {
  const none = { required: false, beadId: '', ready: false };
  if (metadata == null) return none;
  const obj = parseMetadataObject(metadata);
  const gate = obj.close_gate;
  if (!isObject(gate) || !requirementSet(gate).has(RUNTIME_EVIDENCE_REQUIREMENT)) return none;
  const config: RuntimeEvidenceConfig = { required: true, beadId: typeof gate.bead_id === 'string' ? gate.bead_id : '', ready: false };
  if (!('runtime_expectations' in gate) || typeof gate.config_digest !== 'string') return config;
  return { ...config, expectations: decodeExpectations(gate.runtime_expectations), ready: true };
}

/**
 * The close gate as it decides a gate: a config, or the error that makes the
 * gate fail closed. `required` stays true when the requirement is named but
 * the rest does not read (a sealed gate with broken expectations).
 */
export function runtimeEvidenceOrError(metadata: string | null): { config: RuntimeEvidenceConfig; error?: string } {
  try {
    return { config: runtimeEvidenceFor(metadata) };
  } catch (err) {
    let required = false;
    try {
      const gate = (JSON.parse(metadata ?? '') as Obj | null)?.close_gate;
      required = isObject(gate) && Array.isArray(gate.requirements) && gate.requirements.includes(RUNTIME_EVIDENCE_REQUIREMENT);
    } catch {
      required = false;
    }
    return { config: { required, beadId: '', ready: false }, error: (err as Error).message };
  }
}

/** A run that requires runtime evidence must have an absolute project directory and end in done. */
export function checkRuntimeRun(projectDir: string, chain: readonly string[], metadata: string | null): void {
  if (!runtimeEvidenceFor(metadata).required) return;
  if (!projectDir.startsWith('/')) throw new MetadataError('runtime evidence requires an absolute project directory');
  if (chain[chain.length - 1] !== 'done') throw new MetadataError('runtime evidence requires terminal phase "done"');
}
