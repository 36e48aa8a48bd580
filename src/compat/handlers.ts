// compat: a migration aid that compares the legacy /tmp files hooks used to
// keep with what the database now holds.
import { readdirSync } from 'node:fs';
import { basename, dirname } from 'node:path';
import type { CompatCheckArgs, CompatCheckData, CompatStatusArgs, CompatStatusData } from '../../generated/types';
import type { CommandContext } from '../cli/context';
import type { Outcome } from '../cli/outcome';
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
  const row = db
    .prepare('SELECT count(DISTINCT scope_id) AS n FROM state WHERE key = ? AND (expires_at IS NULL OR expires_at > ?)')
    .get(key, now) as { n: number };
  return row.n;
}

export function status(ctx: CommandContext, _args: CompatStatusArgs): Outcome<CompatStatusData> {
  const found = ctx.openIfExists();
  const db = found && found.version >= 1 ? found.db : undefined;
  const now = ctx.now();
  const data = Object.entries(LEGACY_PATTERNS).map(([key, pattern]) => ({
    key,
    legacy: legacyFilesExist(pattern),
    db: db ? liveScopes(db, key, now) > 0 : undefined,
  }));
  const yesNo = (b: boolean) => (b ? 'yes' : 'no');
  const lines = [
    'KEY\t\t\tLEGACY\tDB',
    ...data.map((r) => `${r.key.padEnd(20)}\t${yesNo(r.legacy)}\t${r.db === undefined ? 'n/a' : yesNo(r.db)}`),
  ];
  return { data, text: lines.join('\n') };
}

export function check(ctx: CommandContext, args: CompatCheckArgs): Outcome<CompatCheckData> {
  const scopes = liveScopes(ctx.db, args.key, ctx.now());
  return { exit: scopes > 0 ? 0 : 1, data: { key: args.key, scopes: scopes > 0 ? scopes : undefined } };
}
