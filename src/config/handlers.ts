// config set, get, list (kernel configuration in state kernel.<key>, scope
// global) and autonomy status.
import { getState, putState } from '../../generated/db/queries/state';
import type {
  AutonomyStatusArgs,
  AutonomyStatusData,
  ConfigGetArgs,
  ConfigGetData,
  ConfigListArgs,
  ConfigListData,
  ConfigSetArgs,
  ConfigSetData,
} from '../../generated/types';
import { CONFIG_KEY_VALUES, ConfigKey } from '../../generated/values';
import type { DbContext } from '../cli/context';
import { UsageError } from '../cli/errors';
import type { Db } from '../db/open';
import { toJson } from '../format/json';
import { checkPayload } from '../state/payload';
import { DELEGATION_KEY, KERNEL_SCOPE, OP_RULINGS, kernelKey, parseLevel, resolveDelegation } from './autonomy';

const DESCRIPTIONS: Record<ConfigKey, string> = {
  global_max_dispatches: 'Maximum active dispatches across all runs (0 = unlimited)',
  max_spawn_depth: 'Maximum dispatch spawn depth (0 = unlimited)',
  'autonomy.delegation_level': 'Declared human-delegation level, L0-L5 (see docs/canon/autonomy.md)',
};

const isKnown = (key: string): key is ConfigKey => (CONFIG_KEY_VALUES as readonly string[]).includes(key);

/** The stored value of a key, live, or undefined. */
function stored(db: Db, key: string, now: number): string | undefined {
  const entry = getState(db, { key: kernelKey(key), scope_id: KERNEL_SCOPE });
  return entry && (entry.expires_at == null || entry.expires_at > now) ? entry.payload : undefined;
}

export function set(ctx: DbContext, args: ConfigSetArgs): ConfigSetData {
  let value = args.value;
  if (args.key === DELEGATION_KEY) {
    const level = parseLevel(value);
    if (level === undefined)
      throw new UsageError(`invalid delegation level: delegation level must be an integer 0-5, got ${JSON.stringify(value)}`);
    value = String(level);
  } else if (isKnown(args.key)) {
    if (!/^[+-]?\d+$/.test(value) || !Number.isSafeInteger(Number(value)))
      throw new UsageError(`value must be an integer: ${JSON.stringify(value)}`);
    value = String(Number(value));
  } else {
    checkPayload(value);
  }
  ctx.write((tx) =>
    putState(tx.db, { key: kernelKey(args.key), scope_id: KERNEL_SCOPE, payload: value, updated_at: tx.now, expires_at: null }),
  );
  return { key: args.key, value };
}

export function get(ctx: DbContext, args: ConfigGetArgs): ConfigGetData {
  const payload = stored(ctx.db, args.key, ctx.now());
  if (payload === undefined) return { found: false, key: args.key, text: '', value: null };
  let value: unknown = payload;
  try {
    value = JSON.parse(payload);
  } catch {
    // written by another hand: shown as text
  }
  return { found: true, key: args.key, text: payload, value };
}

export function list(ctx: DbContext, _args: ConfigListArgs): ConfigListData {
  const now = ctx.now();
  const keys = [...CONFIG_KEY_VALUES].sort();
  const entries = keys.map((key) => {
    const value = stored(ctx.db, key, now);
    return { key, ...(value !== undefined && { value }), description: DESCRIPTIONS[key] };
  });
  const set: Record<string, unknown> = {};
  for (const e of entries) {
    if (e.value === undefined) continue;
    try {
      set[e.key] = JSON.parse(e.value);
    } catch {
      set[e.key] = e.value;
    }
  }
  return { any_set: entries.some((e) => e.value !== undefined), json: toJson(set), entries };
}

export function autonomyStatus(ctx: DbContext, _args: AutonomyStatusArgs): AutonomyStatusData {
  const d = resolveDelegation(ctx.db, ctx.now());
  return {
    ...d,
    ops: OP_RULINGS.map((r) => ({
      ...r,
      floor_text: r.floor === 0 ? 'no floor' : `needs L${r.floor}`,
      verdict: r.floor === 0 ? '' : d.level >= r.floor ? 'allowed' : 'BLOCKED',
    })),
  };
}
