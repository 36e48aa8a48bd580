// Shared by the receipt command tests: where a project's keys are, what a
// file tree holds (to prove a refused command wrote nothing), and the check
// that a key never shows in an answer.
import { createHmac } from 'node:crypto';
import { lstatSync, readFileSync, readdirSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import type { IcResult } from '../helpers';

export const KEYS = '.clavain/keys/receipts';
export const RECEIPT_ID = /^rcpt_[0-9A-HJKMNP-TV-Z]{26}$/;
export const TIMESTAMP = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$/;

/** The mode bits of a path (never following a link). */
export const mode = (path: string): number => lstatSync(path).mode & 0o777;

/** Every path under `dir` with its kind, mode, size and (for links) target: a tree that did not change compares equal. */
export function tree(dir: string): string[] {
  const out: string[] = [];
  const walk = (at: string, rel: string) => {
    for (const e of readdirSync(at, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(at, e.name);
      const r = `${rel}${e.name}`;
      const st = lstatSync(path);
      if (e.isSymbolicLink()) out.push(`${r} -> ${readlinkSync(path)}`);
      else if (e.isDirectory()) {
        out.push(`${r}/ ${(st.mode & 0o777).toString(8)}`);
        walk(path, `${r}/`);
      } else out.push(`${r} ${(st.mode & 0o777).toString(8)} ${st.size} ${readFileSync(path).toString('hex')}`);
    }
  };
  walk(dir, '');
  return out.filter((l) => !/^\.clavain\/intercore\.db/.test(l));
}

/** A key's bytes appear in no form (raw, hex, base64) in an answer. */
export function expectNoKey(r: IcResult, key: Buffer): void {
  for (const text of [r.stdout, r.stderr]) {
    expect(text.includes(key.toString('hex'))).toBe(false);
    expect(text.includes(key.toString('base64'))).toBe(false);
    expect(text.includes(key.toString('latin1'))).toBe(false);
  }
}

/** The canonical bytes a receipt row's fields sign (written out here, independent of src/). */
export function canonicalOf(row: Record<string, unknown>): string {
  return (
    `{"receipt_id":${JSON.stringify(row.receipt_id)},"timestamp":${JSON.stringify(row.timestamp)},` +
    `"agent_id":${JSON.stringify(row.agent_id)},"model":${JSON.stringify(row.model)},"tool_calls":${row.tool_calls_json as string},` +
    `"parent_run_id":${row.parent_run_id === null ? 'null' : JSON.stringify(row.parent_run_id)},` +
    `"content_hash":${JSON.stringify(row.content_hash)},"schema_version":${row.schema_version as number}}`
  );
}

export const hmac = (key: Buffer, data: string | Buffer): string => createHmac('sha256', key).update(data).digest('hex');
