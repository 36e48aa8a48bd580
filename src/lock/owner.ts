// owner.json: who holds a lock. The owner text decides pid and host; the
// file is written whole under a temporary name, then linked as owner.json,
// so a reader sees either no owner.json or a whole one, and a writer never
// replaces an owner.json that is already there.
import { closeSync, constants, fchmodSync, fstatSync, linkSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { hostname as osHostname } from 'node:os';
import { join } from 'node:path';

export const OWNER_FILE = 'owner.json';
/** Prefix of the temp file owner.json is written through. */
export const OWNER_TEMP_PREFIX = '.owner.json.tmp.';
/** Prefix of the name owner.json is renamed to by whoever breaks or removes a lock. */
export const BREAKING_PREFIX = 'owner.json.breaking.';

export interface OwnerRecord {
  pid: number;
  host: string;
  owner: string;
  /** Unix seconds. */
  created: number;
}

export interface OwnerDefaults {
  /** The calling shell: ic's parent. */
  defaultPid?: number;
  hostname?: string;
}

export function defaultPid(): number {
  return process.ppid;
}

export function defaultHostname(): string {
  return osHostname();
}

/** `<pid>:<hostname>` of the calling shell. */
export function defaultOwner(defaults: OwnerDefaults = {}): string {
  return `${defaults.defaultPid ?? defaultPid()}:${defaults.hostname ?? defaultHostname()}`;
}

/** Go's strconv.Atoi: optional sign, decimal digits, within int64. */
function atoi(text: string): number | undefined {
  if (!/^[+-]?\d+$/.test(text)) return undefined;
  const n = BigInt(text);
  if (n > 2n ** 63n - 1n || n < -(2n ** 63n)) return undefined;
  return Number(n);
}

/**
 * `<integer>:<rest>` gives pid and host; a colon after a non-numeric prefix
 * gives the default pid and host `<rest>`; no colon gives both defaults.
 */
export function ownerFields(owner: string, defaults: OwnerDefaults = {}): { pid: number; host: string } {
  const pid = defaults.defaultPid ?? defaultPid();
  const host = defaults.hostname ?? defaultHostname();
  const colon = owner.indexOf(':');
  if (colon === -1) return { pid, host };
  const rest = owner.slice(colon + 1);
  return { pid: atoi(owner.slice(0, colon)) ?? pid, host: rest };
}

/** Go's encoding/json escapes these too; match it so files compare byte for byte. */
function goJsonString(text: string): string {
  return JSON.stringify(text).replace(/[<>&\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** Compact, keys in contract order, no trailing newline. */
export function ownerJson(record: OwnerRecord): string {
  return `{"pid":${record.pid},"host":${goJsonString(record.host)},"owner":${goJsonString(record.owner)},"created":${record.created}}`;
}

/** The record, or undefined when the text is not an owner.json (wrong JSON or wrong types). */
export function parseOwnerJson(text: string): OwnerRecord | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  // Like Go's Unmarshal into a struct: a missing field is its zero value, a wrong type is an error.
  const pid = v.pid ?? 0;
  const host = v.host ?? '';
  const owner = v.owner ?? '';
  const created = v.created ?? 0;
  if (!Number.isInteger(pid) || !Number.isInteger(created)) return undefined;
  if (typeof host !== 'string' || typeof owner !== 'string') return undefined;
  return { pid: pid as number, host, owner, created: created as number };
}

/**
 * Reads a regular file without following a symlink planted in its place
 * (and without blocking on a FIFO); undefined when unreadable.
 */
export function readNoFollow(path: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  } catch {
    return undefined;
  }
  try {
    if (!fstatSync(fd).isFile()) return undefined;
    return readFileSync(fd, 'utf8');
  } catch {
    return undefined;
  } finally {
    closeSync(fd);
  }
}

export interface OwnerFile {
  /** The exact text read, to recognise the same file later. */
  text: string;
  record: OwnerRecord;
}

/** The lock's owner.json when readable and well-formed. */
export function readOwner(lockDir: string): OwnerFile | undefined {
  const text = readNoFollow(join(lockDir, OWNER_FILE));
  if (text === undefined) return undefined;
  const record = parseOwnerJson(text);
  return record ? { text, record } : undefined;
}

let tempCounter = 0;

/**
 * Writes owner.json into a lock directory atomically, mode 0600; false when
 * an owner.json is there already (this caller does not hold the lock). The
 * temp file is created exclusively (O_EXCL), so nothing planted there is
 * followed; it is linked, not renamed, as owner.json: link never replaces a
 * file. That keeps the lock exclusive when its directory was taken down and
 * made again under a writer (a ghost broken, src/lock/locks.ts).
 */
export function writeOwner(lockDir: string, record: OwnerRecord): boolean {
  const temp = join(lockDir, `${OWNER_TEMP_PREFIX}${process.pid}.${++tempCounter}`);
  const fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
  try {
    try {
      fchmodSync(fd, 0o600); // the umask may have cleared bits; never more than 0600 either way
      const data = Buffer.from(ownerJson(record), 'utf8');
      let off = 0;
      while (off < data.length) off += writeSync(fd, data, off, data.length - off);
    } finally {
      closeSync(fd);
    }
    try {
      linkSync(temp, join(lockDir, OWNER_FILE));
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw err;
    }
    return true;
  } finally {
    try {
      unlinkSync(temp);
    } catch {
      // already gone with the directory
    }
  }
}
