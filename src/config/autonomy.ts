// The declared human-delegation level (L0-L5, ic config set
// autonomy.delegation_level) and what it decides: a new run's auto_advance
// (L2 and up advance on their own) and which operations may proceed without
// confirmation (their floors). Read from state kernel.autonomy.delegation_level,
// scope global, live; unset or unreadable is L2, the behaviour before the
// level existed, and the source says which.
import { getState } from '../../generated/db/queries/state';
import type { Db } from '../db/open';

export const DELEGATION_KEY = 'autonomy.delegation_level';
export const KERNEL_SCOPE = 'global';
export const kernelKey = (key: string) => `kernel.${key}`;

const DEFAULT_LEVEL = 2;
const AUTO_ADVANCE_FLOOR = 2;
const PUSH_AUTO_FLOOR = 3;

const LEVEL_NAMES = [
  'human approves every action',
  'human approves at phase gates',
  'human reviews evidence post-hoc',
  'human sets policy, agent executes',
  'agent proposes policy changes',
  'agent proposes mechanism changes',
];

/** The operations ruled on, sorted by name: the level each needs to proceed without confirmation (0: exempt), and why. */
export const OP_RULINGS: readonly { op: string; floor: number; reason: string }[] = [
  {
    op: 'bd-push-dolt',
    floor: PUSH_AUTO_FLOOR,
    reason: 'publishes issue state to the shared Dolt remote — the same irreversibility as a git push, on a different substrate',
  },
  {
    op: 'bead-close',
    floor: 0,
    reason:
      'local and reversible (`bd update --status open` undoes it), and frequent enough that a floor would tax ordinary work with no safety payoff',
  },
  {
    op: 'git-push-main',
    floor: PUSH_AUTO_FLOOR,
    reason: 'publishes commits that other people and CI act on, and the pushing agent cannot retract them',
  },
  {
    op: 'ic-publish-patch',
    floor: 0,
    reason:
      'publishing already refuses agent-mutated plugins upstream, so a floor here would be a second lock on a bolted door — and it would change the publish-wave workflow without evidence it needs changing',
  },
];

export const levelName = (level: number) => LEVEL_NAMES[level] ?? 'unknown';

/** A level as written: 0-5, or L0-L5 (l0-l5); undefined otherwise. */
export function parseLevel(text: string): number | undefined {
  const t = text.trim().replace(/^[Ll]/, '');
  if (!/^[+-]?\d+$/.test(t)) return undefined;
  const n = Number(t);
  return n >= 0 && n <= 5 ? n : undefined;
}

export interface Delegation {
  level: number;
  name: string;
  derives_auto_advance: boolean;
  declared: boolean;
  source: string;
}

function resolution(level: number, declared: boolean, source: string): Delegation {
  return { level, name: levelName(level), derives_auto_advance: level >= AUTO_ADVANCE_FLOOR, declared, source };
}

/** The level in force, never an error: a missing or malformed value is the default, and the source says so. */
export function resolveDelegation(db: Db, now: number): Delegation {
  const fallback = resolution(DEFAULT_LEVEL, false, 'default (unset)');
  let entry;
  try {
    entry = getState(db, { key: kernelKey(DELEGATION_KEY), scope_id: KERNEL_SCOPE });
  } catch {
    return fallback;
  }
  if (!entry || (entry.expires_at != null && entry.expires_at <= now) || entry.payload === '') return fallback;
  let raw = entry.payload.trim();
  try {
    const v: unknown = JSON.parse(raw);
    if (typeof v === 'string') raw = v;
  } catch {
    // not JSON: read as written
  }
  const level = parseLevel(raw);
  if (level === undefined) return { ...fallback, source: `default (stored value ${JSON.stringify(raw)} invalid)` };
  return resolution(level, true, DELEGATION_KEY);
}
