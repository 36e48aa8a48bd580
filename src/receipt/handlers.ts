// receipt keygen, emit, find and verify (Go's cmd/ic/receipt.go over the
// canon's signed receipts). Verify never answers valid unless the stored
// fields, signed again under the key their key id names, give the stored
// signature; anything else is a verdict of its own or an error (5).
import { createHash } from 'node:crypto';
import { findActionReceipt, getReceipt, insertReceipt, receiptsSince } from '../../generated/db/queries/receipt';
import type { ActionReceiptsRow } from '../../generated/entities';
import { receiptVerdictJson, type ReceiptVerdict } from '../../generated/records';
import type {
  ReceiptEmitArgs,
  ReceiptEmitData,
  ReceiptFindArgs,
  ReceiptFindData,
  ReceiptKeygenArgs,
  ReceiptKeygenData,
  ReceiptVerifyArgs,
  ReceiptVerifyData,
} from '../../generated/types';
import { ReceiptVerdict as Verdict } from '../../generated/values';
import type { DbContext } from '../cli/context';
import { FailureError, NotFoundError, UsageError } from '../cli/errors';
import { parseDurationMs } from '../cli/values';
import { formatRfc3339 } from '../format/time';
import {
  SCHEMA_VERSION,
  SIGNATURE_ALG,
  canonicalToolCalls,
  canonicalize,
  newReceiptId,
  nowMicros,
  parseToolCalls,
  receiptTimestamp,
  sign,
  signatureMatches,
  type ToolCall,
} from './canonical';
import { Keystore, UnknownKeyError, defaultEpoch } from './keystore';

/** Each verdict's exit code (the canon's; the spec's exit_codes say the same). */
const EXIT: Record<Verdict, number> = {
  valid: 0,
  not_found: 1,
  invalid_signature: 2,
  unsupported_schema: 3,
  unknown_key: 4,
  error: 5,
};

/** A key or store problem is an operational failure (exit 5): its message names paths, never a key. */
function keystoreFailure(err: unknown): never {
  if (err instanceof UnknownKeyError) throw new UsageError(err.message);
  throw err;
}

export function keygen(ctx: DbContext, args: ReceiptKeygenArgs): ReceiptKeygenData {
  if (!args.agent) throw new UsageError('--agent=<id> is required');
  const keys = new Keystore(ctx.cwd, args.keys);
  try {
    return { key_id: keys.generate(args.agent, args.epoch || defaultEpoch(), args.force) };
  } catch (err) {
    keystoreFailure(err);
  }
}

const HEX64 = /^[0-9a-fA-F]{64}$/;

function toolCallsFlag(text: string | undefined): ToolCall[] {
  if (!text) return [];
  try {
    return parseToolCalls(text);
  } catch (err) {
    throw new UsageError(`invalid --tool-calls JSON: ${(err as Error).message}`);
  }
}

export function emit(ctx: DbContext, args: ReceiptEmitArgs): ReceiptEmitData {
  if (!args.agent || !args.model) throw new UsageError('--agent=<id> and --model=<m> are required');
  const contentHash =
    args.content_hash || (args.content !== undefined ? createHash('sha256').update(args.content, 'utf8').digest('hex') : '');
  if (!contentHash) throw new UsageError('one of --content-hash=<hex> or --content=<str> is required');
  const toolCalls = toolCallsFlag(args.tool_calls);
  // The database first (as Go): no key is provisioned for a receipt that could not be stored.
  void ctx.db;
  const keys = new Keystore(ctx.cwd, args.keys);
  let signer: { keyId: string; key: Buffer } | undefined;
  try {
    signer = keys.active(args.agent);
    if (!signer) {
      const keyId = keys.generate(args.agent, args.epoch || defaultEpoch(), false);
      ctx.stderr(`ic: receipt emit: provisioned new signing key ${keyId}`);
      signer = keys.active(args.agent);
      if (!signer) throw new FailureError(`the key ${keyId} just written cannot be read back`);
    }
  } catch (err) {
    keystoreFailure(err);
  }
  const [ms, micros] = nowMicros();
  const fields = {
    receipt_id: newReceiptId(ms),
    timestamp: receiptTimestamp(ms, micros),
    agent_id: args.agent,
    model: args.model,
    tool_calls: toolCalls,
    parent_run_id: args.parent_run ? args.parent_run : null,
    content_hash: contentHash,
    schema_version: SCHEMA_VERSION,
  };
  const canonical = canonicalize(fields);
  const signature = sign(canonical, signer.key);
  ctx.write((tx) =>
    insertReceipt(tx.db, {
      ...fields,
      tool_calls_json: canonicalToolCalls(toolCalls),
      signature,
      signature_alg: SIGNATURE_ALG,
      key_id: signer.keyId,
      signed_at: receiptTimestamp(ms, micros),
      payload_canonical: canonical,
      inserted_at: tx.now,
    }),
  );
  return { agent_id: args.agent, key_id: signer.keyId, receipt_id: fields.receipt_id };
}

export function find(ctx: DbContext, args: ReceiptFindArgs): ReceiptFindData {
  if (!args.agent?.trim() || !args.parent_run?.trim()) throw new UsageError('--agent and --parent-run are required');
  if ((args.content_hash ?? '').length !== 64) throw new UsageError('--content-hash must be a 64-character SHA-256 digest');
  if (!HEX64.test(args.content_hash!)) throw new UsageError('--content-hash must be hexadecimal');
  const row = findActionReceipt(ctx.db, { agent_id: args.agent, parent_run_id: args.parent_run, content_hash: args.content_hash! });
  if (!row) throw new NotFoundError(`no receipt of that action (agent ${args.agent}, parent run ${args.parent_run})`);
  return { agent_id: row.agent_id, content_hash: row.content_hash, parent_run_id: args.parent_run, receipt_id: row.receipt_id };
}

/** The verdict on a stored receipt: its fields signed again under the key its key id names. */
export function verdictOf(row: ActionReceiptsRow, keys: Keystore, report: (line: string) => void): Verdict {
  let toolCalls: ToolCall[];
  try {
    toolCalls = parseToolCalls(row.tool_calls_json);
  } catch (err) {
    report(`ic: receipt verify: ${row.receipt_id}: stored tool calls unreadable: ${(err as Error).message}`);
    return Verdict.Error;
  }
  if (row.schema_version !== SCHEMA_VERSION || row.signature_alg !== SIGNATURE_ALG) return Verdict.UnsupportedSchema;
  // The key id is not signed: a key of another agent never vouches for this agent's receipt.
  const hash = row.key_id.indexOf('#');
  if (hash >= 0 && row.key_id.slice(0, hash) !== row.agent_id) return Verdict.InvalidSignature;
  let key: Buffer;
  try {
    key = keys.get(row.key_id);
  } catch (err) {
    if (err instanceof UnknownKeyError) return Verdict.UnknownKey;
    report(`ic: receipt verify: ${row.receipt_id}: ${(err as Error).message}`);
    return Verdict.Error;
  }
  const canonical = canonicalize({ ...row, tool_calls: toolCalls });
  return signatureMatches(canonical, key, row.signature) === true ? Verdict.Valid : Verdict.InvalidSignature;
}

/** The single verdict as a line (--json: the record): a verdict other than valid is unmistakable. */
function verdictLine(v: ReceiptVerdict, json: boolean): string {
  if (json) return receiptVerdictJson(v);
  const { receipt_id: id, agent_id: agent } = v;
  switch (v.verdict) {
    case 'valid':
      return `receipt ${id} — VALID (agent ${agent})`;
    case 'not_found':
      return `receipt ${id} — NOT FOUND`;
    case 'invalid_signature':
      return `receipt ${id} — INVALID SIGNATURE (agent ${agent}) — bytes do not match HMAC; DO NOT TRUST`;
    case 'unsupported_schema':
      return `receipt ${id} — UNSUPPORTED SCHEMA (agent ${agent}) — this ic binary cannot verify this schema_version`;
    case 'unknown_key':
      return `receipt ${id} — UNKNOWN KEY (agent ${agent}) — signing key not in keystore; verification not possible`;
    default:
      return `receipt ${id} — ERROR (agent ${agent}) — could not verify`;
  }
}

/** A lookback: a Go duration, or a number of days (7d) or weeks (2w). */
function lookbackMs(text: string): number | undefined {
  const t = text.trim();
  const m = /^(\+?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)([dw])$/.exec(t);
  if (m) return Number(m[1]) * (m[2] === 'd' ? 86_400_000 : 7 * 86_400_000);
  return parseDurationMs(t);
}

export function verify(ctx: DbContext, args: ReceiptVerifyArgs): ReceiptVerifyData {
  const keys = new Keystore(ctx.cwd, args.keys);
  if (args.since !== undefined) {
    const ms = lookbackMs(args.since);
    if (ms === undefined || !(ms > 0))
      throw new UsageError('--since requires a positive duration, e.g. --since=24h, --since=7d, --since=2w');
    const [now] = nowMicros();
    const since = now - ms;
    const rows = receiptsSince(ctx.db, { since: receiptTimestamp(since, (Math.floor(since) % 1000) * 1000) });
    const lines = rows.map((row) => {
      const verdict = verdictOf(row, keys, ctx.stderr);
      return { agent_id: row.agent_id, exit: EXIT[verdict], receipt_id: row.receipt_id, timestamp: row.timestamp, verdict };
    });
    const failed = lines.filter((l) => l.verdict !== Verdict.Valid).length;
    ctx.stderr(`verified ${lines.length} receipt(s) since ${formatRfc3339(Math.floor(since / 1000), 0)} — ${failed} failed`);
    return { verdict: failed ? 'some_failed' : 'all_valid', output: lines.map(receiptVerdictJson).join('\n') };
  }
  if (args.receipt_id === undefined) throw new UsageError('usage: ic receipt verify <receipt_id> | --since=<dur> [--keys=<dir>]');
  const row = getReceipt(ctx.db, { receipt_id: args.receipt_id });
  const verdict = row ? verdictOf(row, keys, ctx.stderr) : Verdict.NotFound;
  const line = { agent_id: row?.agent_id ?? '', exit: EXIT[verdict], receipt_id: args.receipt_id, verdict };
  return { verdict, output: verdictLine(line, ctx.globals.json) };
}
