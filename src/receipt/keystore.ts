// The receipt keystore (the canon's key handling, Go's FileKeyStore): under
// its root, <agent>/<epoch>.key holds an agent's signing key for an epoch
// (32 random bytes) and <agent>/active names the epoch that signs, "://" in
// the agent id becoming "_" (sylveste://agent/x -> sylveste_agent/x). The
// layout is Go's, so either ic reads the other's keys.
//
// A key is a secret: it is created 0600 in 0700 directories, written under
// a temporary name and linked into place (never half-written, never over
// another key unless forced), read only from a regular file that is the
// caller's alone, through no symbolic link and no directory another user
// may change, and never appears in output or an error message. An agent id
// or epoch that would name a path outside the keystore is refused.
import { randomBytes } from 'node:crypto';
import {
  closeSync,
  constants,
  fstatSync,
  linkSync,
  mkdirSync,
  openSync,
  readSync,
  renameSync,
  unlinkSync,
  writeSync,
  fsyncSync,
} from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { FailureError } from '../cli/errors';
import { lstatOrUndefined } from '../fs/stat';

export const DEFAULT_KEYSTORE = '.clavain/keys/receipts';
const KEY_BYTES = 32;
/** A key file larger than this is not a key. */
const MAX_KEY_BYTES = 4096;

/** A key id, agent#epoch, names no key here (verify: unknown key). */
export class UnknownKeyError extends Error {}

const me = () => process.getuid?.();

/** Why a directory or file is not the caller's alone, if it is not. */
function foreign(path: string, st: { uid: number; mode: number }): string | undefined {
  const uid = me();
  if (uid !== undefined && st.uid !== uid) return `${path} is owned by uid ${st.uid}, not by you (uid ${uid})`;
  if (st.mode & 0o022)
    return `${path} is writable by ${st.mode & 0o002 ? 'others' : 'its group'} (mode ${(st.mode & 0o777).toString(8).padStart(4, '0')})`;
  return undefined;
}

export class Keystore {
  readonly root: string;

  constructor(cwd: string, root: string | undefined) {
    this.root = resolve(cwd, root || DEFAULT_KEYSTORE);
  }

  /** The agent's directory, inside the root. */
  agentDir(agent: string): string {
    if (!agent || agent.includes('\0')) throw new UnknownKeyError('empty agent id');
    const segment = agent.replaceAll('://', '_');
    // Each path segment must be a name: no "", ".", ".." (two agent ids never share, or climb out of, a directory).
    if (segment.split('/').some((part) => part === '' || part === '.' || part === '..'))
      throw new UnknownKeyError(`agent id ${JSON.stringify(agent)} names no directory inside the keystore`);
    const dir = join(this.root, segment);
    const rel = relative(this.root, dir);
    if (rel === '' || rel === '..' || rel.startsWith(`..${sep}`) || isAbsolute(rel))
      throw new UnknownKeyError(`agent id ${JSON.stringify(agent)} names no directory inside the keystore`);
    return dir;
  }

  private keyFile(agent: string, epoch: string): string {
    if (!epoch || epoch.includes('/') || epoch.includes('\0') || epoch === '.' || epoch === '..')
      throw new UnknownKeyError(`epoch ${JSON.stringify(epoch)} is not a file name`);
    return join(this.agentDir(agent), `${epoch}.key`);
  }

  /** Every directory from the root down to `dir` must be a real directory that is the caller's alone. */
  private checkDirs(dir: string): void {
    const rel = relative(this.root, dir);
    const parts = rel === '' ? [] : rel.split(sep);
    for (let i = 0; i <= parts.length; i++) {
      const at = join(this.root, ...parts.slice(0, i));
      const st = lstatOrUndefined(at);
      if (!st) return;
      if (!st.isDirectory())
        throw new FailureError(
          `${at} is not a directory${st.isSymbolicLink() ? ' (a symbolic link)' : ''}; the keystore must be real directories`,
        );
      const why = foreign(at, st);
      if (why) throw new FailureError(`${why}; a keystore directory must be yours alone`);
    }
  }

  /** Makes the directories down to `dir`, each 0700. */
  private makeDirs(dir: string): void {
    // The directories there already are checked first: nothing is made inside one that is not the caller's alone.
    this.checkDirs(dir);
    const missing: string[] = [];
    for (let at = dir; !lstatOrUndefined(at); at = dirname(at)) {
      missing.unshift(at);
      if (dirname(at) === at) break;
    }
    for (const at of missing) {
      try {
        mkdirSync(at, { mode: 0o700 });
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== 'EEXIST')
          throw new FailureError(`cannot create ${at}: ${(err as NodeJS.ErrnoException).code}`);
      }
    }
    this.checkDirs(dir);
  }

  /** Reads a small file that must be the caller's alone (0600 or less), through no link; undefined when it is not there. */
  private readPrivate(path: string, limit: number): Buffer | undefined {
    this.checkDirs(dirname(path));
    let fd: number;
    try {
      fd = openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
      if (code === 'ELOOP') throw new FailureError(`${path} is a symbolic link; a key file must be a regular file`);
      throw new FailureError(`cannot read ${path}: ${code}`);
    }
    try {
      const st = fstatSync(fd);
      if (!st.isFile()) throw new FailureError(`${path} is not a regular file`);
      const uid = me();
      if (uid !== undefined && st.uid !== uid)
        throw new FailureError(`${path} is owned by uid ${st.uid}, not by you (uid ${uid}); a key file must be yours alone`);
      if (st.mode & 0o077)
        throw new FailureError(
          `${path} is open to others (mode ${(st.mode & 0o777).toString(8).padStart(4, '0')}); a key file must be 0600`,
        );
      if (st.size > limit) throw new FailureError(`${path} is ${st.size} bytes, too large to be a key`);
      const buf = Buffer.alloc(st.size);
      let got = 0;
      while (got < st.size) {
        const n = readSync(fd, buf, got, st.size - got, got);
        if (n === 0) break;
        got += n;
      }
      return buf.subarray(0, got);
    } finally {
      closeSync(fd);
    }
  }

  /** Writes a file 0600 under a temporary name, then puts it in place: linked (refusing one already there), or renamed over. */
  private writePrivate(path: string, data: Buffer, replace: boolean): void {
    const tmp = join(dirname(path), `.tmp-${randomBytes(6).toString('hex')}`);
    const fd = openSync(tmp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, 0o600);
    try {
      let done = 0;
      while (done < data.length) done += writeSync(fd, data, done);
      fsyncSync(fd);
    } catch (err) {
      closeSync(fd);
      unlinkSync(tmp);
      throw err;
    }
    closeSync(fd);
    let placed = false;
    try {
      if (replace) renameSync(tmp, path);
      else linkSync(tmp, path);
      placed = replace;
    } finally {
      // The temporary name never stays: linked, it is a second name; not placed, it is litter.
      if (!placed) {
        try {
          unlinkSync(tmp);
        } catch {
          // Gone already.
        }
      }
    }
  }

  /** The key of a key id (agent#epoch); UnknownKeyError when there is none. */
  get(keyId: string): Buffer {
    const at = keyId.indexOf('#');
    if (at < 0) throw new UnknownKeyError(`malformed key id ${JSON.stringify(keyId)}`);
    const key = this.readPrivate(this.keyFile(keyId.slice(0, at), keyId.slice(at + 1)), MAX_KEY_BYTES);
    if (key === undefined) throw new UnknownKeyError(`no key ${keyId}`);
    return key;
  }

  /** The agent's active key id and key, or undefined when it has none. */
  active(agent: string): { keyId: string; key: Buffer } | undefined {
    const pointer = this.readPrivate(join(this.agentDir(agent), 'active'), 1024);
    if (pointer === undefined) return undefined;
    const keyId = `${agent}#${pointer.toString('utf8').trim()}`;
    try {
      return { keyId, key: this.get(keyId) };
    } catch (err) {
      if (err instanceof UnknownKeyError) return undefined;
      throw err;
    }
  }

  /** A fresh key for the agent at the epoch, made active: its key id. Refuses to replace a key of that epoch unless `force`. */
  generate(agent: string, epoch: string, force: boolean): string {
    if (agent.includes('#'))
      throw new UnknownKeyError(`agent id ${JSON.stringify(agent)} holds "#", which separates agent and epoch in a key id`);
    const file = this.keyFile(agent, epoch);
    const dir = dirname(file);
    this.makeDirs(dir);
    const active = join(dir, 'active');
    for (const path of [file, active]) {
      const there = lstatOrUndefined(path);
      if (there && !there.isFile())
        throw new FailureError(`${path} is not a regular file${there.isSymbolicLink() ? ' (a symbolic link)' : ''}; remove it first`);
    }
    try {
      this.writePrivate(file, randomBytes(KEY_BYTES), force);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST')
        throw new FailureError(`key already exists for ${agent}#${epoch} (rotate to a new epoch, or pass --force): ${file}`);
      if (err instanceof FailureError) throw err;
      throw new FailureError(`cannot write the key ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    try {
      this.writePrivate(active, Buffer.from(epoch, 'utf8'), true);
    } catch (err) {
      throw new FailureError(
        `cannot make ${agent}#${epoch} active: cannot write ${active}: ${(err as NodeJS.ErrnoException).code ?? 'error'}`,
      );
    }
    return `${agent}#${epoch}`;
  }
}

/** The current calendar quarter, the default epoch: 2026-q2. */
export function defaultEpoch(now: Date = new Date()): string {
  return `${now.getFullYear()}-q${Math.floor(now.getMonth() / 3) + 1}`;
}
