// state set and get; delete, list and prune are generic operations in the spec.
import { getState, putState } from '../../generated/db/queries/state';
import type { StateGetArgs, StateGetData, StateSetArgs, StateSetData } from '../../generated/types';
import { type Context, type DbContext, MAX_INPUT_BYTES } from '../cli/context';
import { FailureError, UsageError } from '../cli/errors';
import { utf8Text } from '../cli/stdio';
import { readFileUnderCwd } from '../fs/confined';
import { checkPayload } from './payload';

export class PayloadFileError extends FailureError {
  constructor(file: string, why: string) {
    super(`cannot read payload file ${file}: ${why}`);
    this.name = 'PayloadFileError';
  }
}

/** Reads @file, which must resolve (symlinks followed) to a file under the working directory. */
function readPayloadFile(ctx: Context, arg: string): string {
  const file = arg.slice(1);
  if (!file) throw new UsageError('@ needs a file name');
  let bytes: Buffer;
  try {
    bytes = readFileUnderCwd(ctx.cwd, file, MAX_INPUT_BYTES);
  } catch (err) {
    throw new PayloadFileError(file, (err as Error).message);
  }
  return utf8Text(bytes, `payload file ${file}`);
}

export function set(ctx: DbContext, args: StateSetArgs): StateSetData {
  if (args.file !== undefined && !args.file.startsWith('@')) {
    throw new UsageError(`unexpected argument "${args.file}" (a payload file is written @path)`);
  }
  if (args.ttl !== undefined && args.ttl < 1000) throw new FailureError(`--ttl must be at least 1s`);
  // At a terminal, reading stdin looks like a hang: say what it waits for.
  if (args.file === undefined && ctx.display.stdin) {
    const word = (s: string, placeholder: string) => (/^[\w.:/-]+$/.test(s) ? s : placeholder);
    ctx.stderr(
      `ic: state set: reading the JSON payload from stdin: type it and end with Ctrl-D, or give it piped (echo '{"n":1}' | ic state set ${word(args.key, '<key>')} ${word(args.scope_id, '<scope_id>')}) or as @file`,
    );
  }
  const payload = (args.file !== undefined ? readPayloadFile(ctx, args.file) : ctx.readStdin()).trim();
  checkPayload(payload);
  const nowMs = Date.now();
  const now = Math.floor(nowMs / 1000);
  putState(ctx.db, { key: args.key, scope_id: args.scope_id, payload, updated_at: now, expires_at: expiresAt(nowMs, args.ttl) });
}

/**
 * The whole second expires_at an entry set at `nowMs` with a TTL gets: the
 * first whole second at or after the exact expiry. The column keeps Go's
 * meaning (live while `expires_at > unixepoch()`, the current whole second),
 * so an entry lives at least its TTL and at most a second more. (Go stores
 * the current whole second plus the whole seconds of the TTL, so an entry
 * set late in a second can vanish up to a second early.)
 */
export function expiresAt(nowMs: number, ttlMs: number | undefined): number | null {
  return ttlMs === undefined ? null : Math.ceil((nowMs + ttlMs) / 1000);
}

export function get(ctx: DbContext, args: StateGetArgs): StateGetData {
  const row = getState(ctx.db, { key: args.key, scope_id: args.scope_id });
  if (!row || (row.expires_at != null && row.expires_at <= ctx.now())) return {};
  return { payload: row.payload };
}
