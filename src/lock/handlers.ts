// lock acquire|release|list|stale|clean: the filesystem mutexes of
// src/lock/locks.ts under the caller's base /tmp/intercore-<uid>/locks. No database
// (db: none, --db ignored). Handlers return data; the spec prints it, decides
// the exit code (1: timed out, not found, not owner) and, under --verbose,
// the report.
import type {
  LockAcquireArgs,
  LockAcquireData,
  LockCleanArgs,
  LockCleanData,
  LockListArgs,
  LockListData,
  LockReleaseArgs,
  LockReleaseData,
  LockStaleArgs,
  LockStaleData,
} from '../../generated/types';
import type { Context } from '../cli/context';
import { ageSeconds, formatAge } from './age';
import {
  type LockEntry,
  acquire as acquireLock,
  clean as cleanLocks,
  list as listLocks,
  release as releaseLock,
  stale as staleLocks,
} from './locks';

export function acquire(_ctx: Context, args: LockAcquireArgs): LockAcquireData {
  // The library waits its default (1 s) for no timeout, 0 or a negative one.
  const result = acquireLock(args.name, args.scope, {
    ...(args.timeout !== undefined && { timeoutMs: args.timeout }),
    ...(args.owner !== undefined && { owner: args.owner }),
  });
  return { acquired: result.acquired, name: args.name, scope: args.scope };
}

export function release(_ctx: Context, args: LockReleaseArgs): LockReleaseData {
  const result = releaseLock(args.name, args.scope, args.owner !== undefined ? { owner: args.owner } : {});
  return { released: result.released, name: args.name, scope: args.scope, ...(!result.released && { why: result.why }) };
}

/** Control characters of an owner another writer put in owner.json, escaped (`\n`, `\t`): one line per lock. */
const printable = (text: string) => text.replace(/[\x00-\x1f\x7f]/g, (c) => JSON.stringify(c).slice(1, -1));

/** A lock as a line of list/stale: owner and age empty for a ghost. */
function row(entry: LockEntry, nowMs: number): LockListData[number] {
  return {
    name: entry.name,
    scope: entry.scope,
    owner: printable(entry.record?.owner ?? ''),
    age: entry.record ? formatAge(ageSeconds(entry.record.created, nowMs)) : '',
  };
}

export function list(_ctx: Context, _args: LockListArgs): LockListData {
  const nowMs = Date.now();
  return listLocks().map((e) => row(e, nowMs));
}

export function stale(_ctx: Context, args: LockStaleArgs): LockStaleData {
  const nowMs = Date.now();
  return staleLocks({ olderThanMs: args.older_than, nowMs: () => nowMs }).map((e) => row(e, nowMs));
}

export function clean(_ctx: Context, args: LockCleanArgs): LockCleanData {
  return { cleaned: cleanLocks({ olderThanMs: args.older_than }) };
}
