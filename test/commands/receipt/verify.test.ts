import { chmodSync, mkdirSync, readFileSync, renameSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { snapshot } from '../../hardening/common';
import { type IcResult, type Project, project } from '../../helpers';
import { KEYS, canonicalOf, expectNoKey, hmac, tree } from '../../receipt/common';

const LINE = {
  valid: (id: string, agent = 'a') => `receipt ${id} — VALID (agent ${agent})\n`,
  notFound: (id: string) => `receipt ${id} — NOT FOUND\n`,
  invalid: (id: string, agent = 'a') => `receipt ${id} — INVALID SIGNATURE (agent ${agent}) — bytes do not match HMAC; DO NOT TRUST\n`,
  unsupported: (id: string) => `receipt ${id} — UNSUPPORTED SCHEMA (agent a) — this ic binary cannot verify this schema_version\n`,
  unknownKey: (id: string) => `receipt ${id} — UNKNOWN KEY (agent a) — signing key not in keystore; verification not possible\n`,
  error: (id: string) => `receipt ${id} — ERROR (agent a) — could not verify\n`,
};

async function emit(p: Project, agent = 'a'): Promise<string> {
  const r = await p.ic(['receipt', 'emit', `--agent=${agent}`, '--model=m', '--content=out', '--parent-run=r1', '--epoch=e1']);
  expect(r.code).toBe(0);
  return r.stdout.trim();
}

/** Changes a stored receipt behind ic's back (the insert-only triggers dropped for the tamperer). */
function tamper(p: Project, id: string, set: string, params: unknown[] = []): void {
  const db = p.db();
  db.exec('DROP TRIGGER IF EXISTS action_receipts_no_update');
  db.prepare(`UPDATE action_receipts SET ${set} WHERE receipt_id = ?`).run(...params, id);
}

const keyOf = (p: Project, agent = 'a') => readFileSync(join(p.dir, KEYS, agent, 'e1.key'));

describe('receipt verify', () => {
  it('valid receipts exit 0; an unknown id is NOT FOUND, exit 1; --json gives the verdict record; nothing is written', async () => {
    const p = await project();
    const id = await emit(p);
    const db = p.db();
    const rows = snapshot(db);
    const files = tree(p.dir);
    const key = keyOf(p);
    const r = await p.ic(['receipt', 'verify', id]);
    expect(r).toEqual({ code: 0, stdout: LINE.valid(id), stderr: '' });
    expectNoKey(r, key);
    expect(await p.ic(['--json', 'receipt', 'verify', id])).toEqual({
      code: 0,
      stdout: `{"agent_id":"a","exit":0,"receipt_id":"${id}","verdict":"valid"}\n`,
      stderr: '',
    });
    expect(await p.ic(['receipt', 'verify', 'rcpt_nope'])).toEqual({ code: 1, stdout: LINE.notFound('rcpt_nope'), stderr: '' });
    expect(await p.ic(['--json', 'receipt', 'verify', 'rcpt_nope'])).toEqual({
      code: 1,
      stdout: '{"agent_id":"","exit":1,"receipt_id":"rcpt_nope","verdict":"not_found"}\n',
      stderr: '',
    });
    // Verify never provisions a key, even for an agent with none.
    expect(await p.ic(['receipt', 'verify', id, '--keys=elsewhere'])).toMatchObject({ code: 4 });
    expect(snapshot(db)).toBe(rows);
    expect(tree(p.dir)).toEqual(files);
  });

  it('a tampered receipt is INVALID SIGNATURE (exit 2), whatever field was changed', async () => {
    const p = await project();
    const changes: [string, unknown[]][] = [
      ['model = ?', ['m2']],
      ['content_hash = ?', ['0'.repeat(64)]],
      ['parent_run_id = NULL', []],
      ['parent_run_id = ?', ['r2']],
      ['tool_calls_json = ?', ['[{"name":"rm"}]']],
      ['timestamp = ?', ['2026-01-01T00:00:00.000000Z']],
      ['signature = ?', ['0'.repeat(64)]],
      ['signature = ?', ['not hex']],
      ['signature = ?', ['']],
      ['signature = upper(signature)', []],
      ['signature = substr(signature, 1, 62)', []],
    ];
    for (const [set, params] of changes) {
      const id = await emit(p);
      tamper(p, id, set, params);
      const r = await p.ic(['receipt', 'verify', id]);
      // Hex case is not a change of the signature's value: upper-case hex still verifies, as in Go.
      if (set === 'signature = upper(signature)') expect(r, set).toEqual({ code: 0, stdout: LINE.valid(id), stderr: '' });
      else expect(r, set).toEqual({ code: 2, stdout: LINE.invalid(id), stderr: '' });
    }
    const id = await emit(p);
    tamper(p, id, 'model = ?', ['x']);
    expect(await p.ic(['--json', 'receipt', 'verify', id])).toEqual({
      code: 2,
      stdout: `{"agent_id":"a","exit":2,"receipt_id":"${id}","verdict":"invalid_signature"}\n`,
      stderr: '',
    });
  });

  it('a receipt signed by another key is never valid: a replaced key, another keystore, another agent’s key', async () => {
    const p = await project();
    const id = await emit(p);
    // The same key id in another keystore holds other bytes.
    await p.ic(['receipt', 'keygen', '--agent=a', '--epoch=e1', '--keys=other']);
    expect(await p.ic(['receipt', 'verify', id, '--keys=other'])).toEqual({ code: 2, stdout: LINE.invalid(id), stderr: '' });
    // The agent's key replaced (--force) after it signed.
    expect(await p.ic(['receipt', 'verify', id])).toMatchObject({ code: 0 });
    await p.ic(['receipt', 'keygen', '--agent=a', '--epoch=e1', '--force']);
    expect(await p.ic(['receipt', 'verify', id])).toEqual({ code: 2, stdout: LINE.invalid(id), stderr: '' });

    // Agent a signs a receipt claiming to be b (correct HMAC under a's key, key id a#e1): not b's receipt.
    const forged = await emit(p);
    const aKey = keyOf(p);
    await emit(p, 'b');
    const db = p.db();
    db.exec('DROP TRIGGER IF EXISTS action_receipts_no_update');
    db.prepare("UPDATE action_receipts SET agent_id = 'b' WHERE receipt_id = ?").run(forged);
    const row = db.prepare('SELECT * FROM action_receipts WHERE receipt_id = ?').get(forged) as Record<string, unknown>;
    db.prepare('UPDATE action_receipts SET signature = ? WHERE receipt_id = ?').run(hmac(aKey, canonicalOf(row)), forged);
    expect(row.key_id).toBe('a#e1');
    expect(await p.ic(['receipt', 'verify', forged])).toEqual({ code: 2, stdout: LINE.invalid(forged, 'b'), stderr: '' });
  });

  it('a key not in the keystore is UNKNOWN KEY (exit 4), including key ids that would name a path outside it', async () => {
    const p = await project();
    const id = await emit(p);
    expect(await p.ic(['receipt', 'verify', id, '--keys=empty'])).toEqual({ code: 4, stdout: LINE.unknownKey(id), stderr: '' });
    expect(await p.ic(['--json', 'receipt', 'verify', id, '--keys=empty'])).toEqual({
      code: 4,
      stdout: `{"agent_id":"a","exit":4,"receipt_id":"${id}","verdict":"unknown_key"}\n`,
      stderr: '',
    });
    for (const keyId of ['a#e9', 'a', 'a#', 'a#../../../../etc/passwd', 'a#..', 'a#.']) {
      const other = await emit(p);
      tamper(p, other, 'key_id = ?', [keyId]);
      expect(await p.ic(['receipt', 'verify', other]), keyId).toEqual({ code: 4, stdout: LINE.unknownKey(other), stderr: '' });
    }
  });

  it('an unsupported schema version or algorithm is UNSUPPORTED SCHEMA (exit 3)', async () => {
    const p = await project();
    for (const [set, params] of [
      ['schema_version = 2', []],
      ['schema_version = 0', []],
      ['signature_alg = ?', ['ed25519']],
    ] as [string, unknown[]][]) {
      const id = await emit(p);
      tamper(p, id, set, params);
      expect(await p.ic(['receipt', 'verify', id]), set).toEqual({ code: 3, stdout: LINE.unsupported(id), stderr: '' });
    }
  });

  it('a key that is a symbolic link or open to others, or unreadable tool calls: ERROR, exit 5, never valid', async () => {
    const p = await project();
    const id = await emit(p);
    const key = keyOf(p);
    const file = join(p.dir, KEYS, 'a/e1.key');
    chmodSync(file, 0o644);
    const open = await p.ic(['receipt', 'verify', id]);
    expect(open).toEqual({
      code: 5,
      stdout: LINE.error(id),
      stderr: `ic: receipt verify: ${id}: ${file} is open to others (mode 0644); a key file must be 0600\n`,
    });
    expectNoKey(open, key);
    chmodSync(file, 0o600);
    mkdirSync(join(p.dir, 'vault'), { mode: 0o700 });
    renameSync(file, join(p.dir, 'vault/e1.key'));
    symlinkSync(join(p.dir, 'vault/e1.key'), file);
    const linked = await p.ic(['receipt', 'verify', id]);
    expect(linked).toEqual({
      code: 5,
      stdout: LINE.error(id),
      stderr: `ic: receipt verify: ${id}: ${file} is a symbolic link; a key file must be a regular file\n`,
    });
    expectNoKey(linked, key);

    const p2 = await project();
    const id2 = await emit(p2);
    tamper(p2, id2, "tool_calls_json = 'garbage'");
    const r = await p2.ic(['receipt', 'verify', id2]);
    expect(r.code).toBe(5);
    expect(r.stdout).toBe(LINE.error(id2));
    expect(r.stderr).toMatch(new RegExp(`^ic: receipt verify: ${id2}: stored tool calls unreadable: .*\\n$`));
  });

  it('--since verifies every receipt of the period, oldest first, one JSON line each; exit 2 when any is not valid', async () => {
    const p = await project();
    const ids = [await emit(p), await emit(p, 'b'), await emit(p)];
    const old = await emit(p);
    tamper(p, old, 'timestamp = ?', ['2020-01-01T00:00:00.000000Z']);
    const stamps = ids.map(
      (id) => (p.db().prepare('SELECT timestamp FROM action_receipts WHERE receipt_id = ?').get(id) as { timestamp: string }).timestamp,
    );
    const line = (i: number, verdict = 'valid', exit = 0) =>
      `{"agent_id":"${i === 1 ? 'b' : 'a'}","exit":${exit},"receipt_id":"${ids[i]}","timestamp":"${stamps[i]}","verdict":"${verdict}"}`;
    const summary = (n: number, failed: number) =>
      new RegExp(`^verified ${n} receipt\\(s\\) since \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ — ${failed} failed\\n$`);
    for (const since of ['24h', '1d', '2w', '1.5d', '.5w', '5.d', '+1d', '1e1d', ' 90m ']) {
      const r: IcResult = await p.ic(['receipt', 'verify', `--since=${since}`]);
      expect(r.stdout, since).toBe(`${line(0)}\n${line(1)}\n${line(2)}\n`);
      expect(r.stderr).toMatch(summary(3, 0));
      expect(r.code).toBe(0);
    }
    tamper(p, ids[1]!, 'model = ?', ['x']);
    const r = await p.ic(['--json', 'receipt', 'verify', '--since=7d']);
    expect(r.stdout).toBe(`${line(0)}\n${line(1, 'invalid_signature', 2)}\n${line(2)}\n`);
    expect(r.stderr).toMatch(summary(3, 1));
    expect(r.code).toBe(2);
    // A key missing is not all-clear either.
    const missing = await p.ic(['receipt', 'verify', '--since=7d', '--keys=none']);
    expect(missing.code).toBe(2);
    expect(missing.stdout).toBe(`${line(0, 'unknown_key', 4)}\n${line(1, 'unknown_key', 4)}\n${line(2, 'unknown_key', 4)}\n`);
  });

  it('usage errors exit 5', async () => {
    const p = await project();
    expect(await p.ic(['receipt', 'verify'])).toEqual({
      code: 5,
      stdout: '',
      stderr: 'ic: receipt verify: usage: ic receipt verify <receipt_id> | --since=<dur> [--keys=<dir>]\n',
    });
    for (const since of ['0', 'abc', '-1h', '', 'd', '-1d', '1dd', '.d', 'e1d', '0d']) {
      expect(await p.ic(['receipt', 'verify', `--since=${since}`]), since).toEqual({
        code: 5,
        stdout: '',
        stderr: 'ic: receipt verify: --since requires a positive duration, e.g. --since=24h, --since=7d, --since=2w\n',
      });
    }
    const bad = await p.ic(['receipt', 'verify', 'x', '--bogus']);
    expect(bad).toMatchObject({ code: 5, stdout: '' });
  });
});
