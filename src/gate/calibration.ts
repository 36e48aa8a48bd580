// A gate-tier calibration file (Clavain's .clavain/gate-tier-calibration.json):
//   {"created_at": <unix>, "tiers": {"<check>:<from>→<to>": {"tier": "hard"|"soft",
//    "locked": bool, "fpr": n, "weighted_n": n, "updated_at": <unix>}}, ...}
// A missing file is no calibration. One that is not a regular file, is larger
// than 1 MiB or does not parse as that shape is an error (exit 2, the gate is
// not guessed). One created more than 24 hours ago is ignored (stale), and
// the caller records that. Locked entries and tiers other than hard or soft
// are skipped; a soft tier never lowers a built-in hard one (the built-in
// rules have none, so a calibration can only raise a gate to hard).
import { FailureError } from '../cli/errors';
import { readSmallFile } from '../fs/read';

const MAX_BYTES = 1024 * 1024;
export const STALE_SECONDS = 24 * 3600;

export interface CalibrationEntry {
  tier: string;
  locked: boolean;
  fpr: number;
  weighted_n: number;
}

export interface Calibration {
  path: string;
  /** Created more than 24 hours ago: ignored. */
  stale: boolean;
  /** The tiers that apply (unlocked, hard or soft), by key; undefined when stale or none. */
  tiers?: ReadonlyMap<string, 'hard' | 'soft'>;
  /** Every entry as written (for gate check's report), undefined when stale. */
  entries?: ReadonlyMap<string, CalibrationEntry>;
}

/** The file's text (see src/fs/read.ts); undefined when missing; exit 2 when it cannot be read. */
function readCalibrationFile(path: string): string | undefined {
  try {
    return readSmallFile(path, MAX_BYTES);
  } catch (err) {
    throw new FailureError(`calibration file ${path}: ${(err as Error).message}`);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/** One entry as Go's decoder reads it: missing fields are zero, a field of the wrong type is an error. */
function readEntry(key: string, value: unknown, bad: (why: string) => never): CalibrationEntry {
  if (value === null) return { tier: '', locked: false, fpr: 0, weighted_n: 0 };
  if (!isObject(value)) bad(`tiers.${key} is not an object`);
  const field = <T>(name: string, type: 'string' | 'boolean' | 'number', zero: T): T => {
    const v = value[name];
    if (v === undefined || v === null) return zero;
    if (typeof v !== type) bad(`tiers.${key}.${name} is not a ${type}`);
    return v as T;
  };
  field('updated_at', 'number', 0);
  return {
    tier: field('tier', 'string', ''),
    locked: field('locked', 'boolean', false),
    fpr: field('fpr', 'number', 0),
    weighted_n: field('weighted_n', 'number', 0),
  };
}

/** The calibration a file gives, as of `now`; undefined when the file does not exist. */
export function loadCalibration(path: string, now: number): Calibration | undefined {
  const text = readCalibrationFile(path);
  if (text === undefined) return undefined;
  const bad = (why: string): never => {
    throw new FailureError(`calibration file ${path}: ${why}`);
  };
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    bad(`not JSON (${(err as Error).message})`);
  }
  if (doc === null) return { path, stale: true };
  if (!isObject(doc)) bad('not a JSON object');
  const o = doc as Record<string, unknown>;
  const created = o.created_at ?? 0;
  if (typeof created !== 'number') bad('created_at is not a number');
  const tiersRaw = o.tiers ?? {};
  if (!isObject(tiersRaw)) bad('tiers is not an object');
  const entries = new Map<string, CalibrationEntry>();
  for (const [key, value] of Object.entries(tiersRaw as Record<string, unknown>)) entries.set(key, readEntry(key, value, bad));
  if (now - (created as number) > STALE_SECONDS) return { path, stale: true };
  const tiers = new Map<string, 'hard' | 'soft'>();
  for (const [key, e] of entries) if (!e.locked && (e.tier === 'hard' || e.tier === 'soft')) tiers.set(key, e.tier);
  return { path, stale: false, entries, ...(tiers.size > 0 && { tiers }) };
}

/** How gate check reports an entry that matches one of its checks. */
export function calibrationStatus(e: CalibrationEntry): string {
  if (e.locked) return 'locked';
  return e.weighted_n < 10 ? 'insufficient_data' : 'active';
}
