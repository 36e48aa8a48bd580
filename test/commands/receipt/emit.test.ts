import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { snapshot } from '../../hardening/common';
import { project, tempDir } from '../../helpers';
import { KEYS, RECEIPT_ID, TIMESTAMP, canonicalOf, expectNoKey, hmac, mode, tree } from '../../receipt/common';

const sha256 = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

describe('receipt emit', () => {
  it('signs and stores a receipt (HMAC of the canonical bytes under the active key), provisioning the key on first use', async () => {
    const p = await project();
    const r = await p.ic([
      'receipt',
      'emit',
      '--agent=sylveste://agent/a',
      '--model=m1',
      '--content=hello "world"\n',
      '--parent-run=r1',
      '--epoch=e1',
      '--tool-calls=[{"name":"grep","args_hash":"a1","result_hash":"b2","duration_ms":12,"extra":true},{"name":"ls\\u0001"}]',
    ]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('ic: receipt emit: provisioned new signing key sylveste://agent/a#e1\n');
    expect(r.stdout).toMatch(/^rcpt_\w{26}\n$/);
    const id = r.stdout.trim();
    expect(id).toMatch(RECEIPT_ID);
    const key = readFileSync(join(p.dir, KEYS, 'sylveste_agent/a/e1.key'));
    expect(mode(join(p.dir, KEYS, 'sylveste_agent/a/e1.key'))).toBe(0o600);
    expect(mode(join(p.dir, KEYS, 'sylveste_agent/a'))).toBe(0o700);
    expectNoKey(r, key);

    const row = p.db().prepare('SELECT * FROM action_receipts').get() as Record<string, unknown>;
    expect(row).toMatchObject({
      receipt_id: id,
      agent_id: 'sylveste://agent/a',
      model: 'm1',
      tool_calls_json:
        '[{"name":"grep","args_hash":"a1","result_hash":"b2","duration_ms":12},{"name":"ls\\u0001","args_hash":"","result_hash":"","duration_ms":0}]',
      parent_run_id: 'r1',
      content_hash: sha256('hello "world"\n'),
      schema_version: 1,
      signature_alg: 'hmac-sha256-v1',
      key_id: 'sylveste://agent/a#e1',
    });
    expect(row.timestamp).toMatch(TIMESTAMP);
    expect(row.signed_at).toBe(row.timestamp);
    expect(typeof row.inserted_at).toBe('number');
    expect((row.payload_canonical as Buffer).toString('utf8')).toBe(canonicalOf(row));
    expect(row.signature).toBe(hmac(key, canonicalOf(row)));
    // Nor is the key anywhere in the database file or its WAL.
    for (const file of [p.dbPath, `${p.dbPath}-wal`].filter((f) => existsSync(f))) {
      const bytes = readFileSync(file);
      expect(bytes.includes(key), file).toBe(false);
      expect(bytes.includes(key.toString('hex')), file).toBe(false);
    }

    // The key exists now: no word on stderr, the same key signs; --json names the receipt, key and agent.
    const j = await p.ic(['--json', 'receipt', 'emit', '--agent=sylveste://agent/a', '--model=m1', `--content-hash=${'ab'.repeat(32)}`]);
    expect(j.code).toBe(0);
    expect(j.stderr).toBe('');
    const answer = JSON.parse(j.stdout) as Record<string, string>;
    expect(j.stdout).toBe(`{"agent_id":"sylveste://agent/a","key_id":"sylveste://agent/a#e1","receipt_id":"${answer.receipt_id}"}\n`);
    expect(answer.receipt_id).toMatch(RECEIPT_ID);
    expectNoKey(j, key);
    const second = p.db().prepare('SELECT * FROM action_receipts WHERE receipt_id = ?').get(answer.receipt_id) as Record<string, unknown>;
    expect(second).toMatchObject({ parent_run_id: null, tool_calls_json: '[]', content_hash: 'ab'.repeat(32) });
    expect((second.payload_canonical as Buffer).toString()).toContain('"tool_calls":[],"parent_run_id":null,');
    expect(second.signature).toBe(hmac(key, canonicalOf(second)));
  });

  it('hashes an empty --content; signs with the active epoch after a rotation', async () => {
    const p = await project();
    await p.ic(['receipt', 'keygen', '--agent=a', '--epoch=e1']);
    await p.ic(['receipt', 'keygen', '--agent=a', '--epoch=e2']);
    const r = await p.ic(['receipt', 'emit', '--agent=a', '--model=m', '--content=', '--epoch=ignored']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const row = p.db().prepare('SELECT key_id, content_hash FROM action_receipts').get();
    expect(row).toEqual({ key_id: 'a#e2', content_hash: sha256('') });
  });

  it('without a database: exit 5 and no key provisioned', async () => {
    const p = await project({ init: false });
    const r = await p.ic(['receipt', 'emit', '--agent=a', '--model=m', '--content=x']);
    expect(r).toEqual({ code: 5, stdout: '', stderr: 'ic: receipt emit: no database at .clavain/intercore.db; run ic init\n' });
    expect(tree(p.dir)).toEqual([]);
  });

  it('receipts are insert-only: the database refuses UPDATE and DELETE', async () => {
    const p = await project();
    await p.ic(['receipt', 'emit', '--agent=a', '--model=m', '--content=x']);
    const db = p.db();
    expect(() => db.prepare("UPDATE action_receipts SET model = 'n'").run()).toThrow(/INSERT-only/);
    expect(() => db.prepare('DELETE FROM action_receipts').run()).toThrow(/INSERT-only/);
  });

  it('usage errors exit 5 naming the cause; nothing is written (no row, no key)', async () => {
    const p = await project();
    const db = p.db();
    const rows = snapshot(db);
    const before = tree(p.dir);
    const cases: [string[], string][] = [
      [['--model=m', '--content=x'], '--agent=<id> and --model=<m> are required'],
      [['--agent=a', '--content=x'], '--agent=<id> and --model=<m> are required'],
      [['--agent=a', '--model=m'], 'one of --content-hash=<hex> or --content=<str> is required'],
      [['--agent=a', '--model=m', '--content=x', '--tool-calls={"x":1}'], 'invalid --tool-calls JSON: tool calls are not a JSON array'],
      [
        ['--agent=a', '--model=m', '--content=x', '--tool-calls=[{"name":1}]'],
        'invalid --tool-calls JSON: tool call 0: name is not a string',
      ],
      [['--agent=a', '--model=m', '--content=x', '--tool-calls=[1]'], 'invalid --tool-calls JSON: tool call 0 is not an object'],
      [['--agent=../a', '--model=m', '--content=x'], 'agent id "../a" names no directory inside the keystore'],
      [['--agent=a', '--model=m', '--content=x', '--epoch=../e'], 'epoch "../e" is not a file name'],
    ];
    for (const [flags, message] of cases) {
      expect(await p.ic(['receipt', 'emit', ...flags]), flags.join(' ')).toEqual({
        code: 5,
        stdout: '',
        stderr: `ic: receipt emit: ${message}\n`,
      });
    }
    const bad = await p.ic(['receipt', 'emit', '--agent=a', '--model=m', '--content=x', '--bogus=1']);
    expect(bad).toMatchObject({ code: 5, stdout: '' });
    expect(bad.stderr).toMatch(/^ic: receipt emit: .*--bogus.*\n$/);
    expect(snapshot(db)).toBe(rows);
    expect(tree(p.dir)).toEqual(before);
  });

  it('refuses to sign with a symlinked key or active pointer, or a key open to others (exit 5); nothing written', async () => {
    const p = await project();
    const outside = tempDir();
    const foreignKey = join(outside, 'stolen.key');
    writeFileSync(foreignKey, Buffer.alloc(32, 7), { mode: 0o600 });
    const dir = join(p.dir, KEYS);
    // a: its active key is a link to a key elsewhere.
    mkdirSync(join(dir, 'a'), { recursive: true, mode: 0o700 });
    writeFileSync(join(dir, 'a/active'), 'e1', { mode: 0o600 });
    symlinkSync(foreignKey, join(dir, 'a/e1.key'));
    // b: its active pointer is a link.
    mkdirSync(join(dir, 'b'), { mode: 0o700 });
    writeFileSync(join(outside, 'active'), 'e1', { mode: 0o600 });
    symlinkSync(join(outside, 'active'), join(dir, 'b/active'));
    // c: its key is readable by others.
    mkdirSync(join(dir, 'c'), { mode: 0o700 });
    writeFileSync(join(dir, 'c/active'), 'e1', { mode: 0o600 });
    writeFileSync(join(dir, 'c/e1.key'), Buffer.alloc(32, 9), { mode: 0o644 });
    const db = p.db();
    const rows = snapshot(db);
    const before = tree(p.dir);
    const expected: Record<string, string> = {
      a: `${join(dir, 'a/e1.key')} is a symbolic link; a key file must be a regular file`,
      b: `${join(dir, 'b/active')} is a symbolic link; a key file must be a regular file`,
      c: `${join(dir, 'c/e1.key')} is open to others (mode 0644); a key file must be 0600`,
    };
    for (const [agent, message] of Object.entries(expected)) {
      const r = await p.ic(['receipt', 'emit', `--agent=${agent}`, '--model=m', '--content=x']);
      expect(r, agent).toEqual({ code: 5, stdout: '', stderr: `ic: receipt emit: ${message}\n` });
      expectNoKey(r, Buffer.alloc(32, 7));
      expectNoKey(r, Buffer.alloc(32, 9));
    }
    expect(snapshot(db)).toBe(rows);
    expect(tree(p.dir)).toEqual(before);
  });
});
