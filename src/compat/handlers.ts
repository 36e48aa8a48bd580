// compat: a migration aid that compares the legacy /tmp files hooks used to
// keep with what the database now holds.
import { readdirSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { CompatCheckArgs, CompatCheckData, CompatStatusArgs, CompatStatusData } from '../../generated/types';
import { countLiveScopes } from '../../generated/db/queries/state';
import type { DbContext, OptionalDbContext } from '../cli/context';
import type { Db } from '../db/open';

/** Legacy keys and the temp files that stood for them, in key order. */
export const LEGACY_PATTERNS: Readonly<Record<string, string>> = {
  autopub: '/tmp/clavain-autopub*.lock',
  catalog_remind: '/tmp/clavain-catalog-remind-*.lock',
  compound_throttle: '/tmp/clavain-compound-last-*',
  discovery_brief: '/tmp/clavain-discovery-brief-*.cache',
  dispatch: '/tmp/clavain-dispatch-*.json',
  drift_throttle: '/tmp/clavain-drift-last-*',
  handoff: '/tmp/clavain-handoff-*',
  stop: '/tmp/clavain-stop-*',
};

/** Whether any file matches a `dir/prefix*suffix` pattern. */
export function legacyFilesExist(pattern: string): boolean {
  const [prefix, suffix] = basename(pattern).split('*') as [string, string];
  let names: string[];
  try {
    names = readdirSync(dirname(pattern));
  } catch {
    return false;
  }
  return names.some((n) => n.length >= prefix.length + suffix.length && n.startsWith(prefix) && n.endsWith(suffix));
}

function liveScopes(db: Db, key: string, now: number): number {
  return countLiveScopes(db, { key, now })!.n;
}

export function status(ctx: OptionalDbContext, _args: CompatStatusArgs): CompatStatusData {
  const found = ctx.openIfExists();
  const db = found && found.version >= 1 ? found.db : undefined;
  const now = ctx.now();
  return Object.entries(LEGACY_PATTERNS).map(([key, pattern]) => ({
    key,
    legacy: legacyFilesExist(pattern),
    db: db ? liveScopes(db, key, now) > 0 : undefined,
  }));
}

export function check(ctx: DbContext, args: CompatCheckArgs): CompatCheckData {
  const scopes = liveScopes(ctx.db, args.key, ctx.now());
  return { key: args.key, scopes: scopes > 0 ? scopes : undefined };
}
