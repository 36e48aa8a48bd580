// The database file is an interface: Clavain's clavain-cli (023da26,
// cmd/clavain-cli/authz*.go) opens .clavain/intercore.db itself, without ic,
// to record and sign authorizations before an irreversible step, and its
// signer preflight (`policy doctor --require-signer`) fails closed unless the
// file meets each condition below. Checked here as that code does it, on its
// own connection: on a database ic init made, and on one it migrated from v6.
import Database from 'better-sqlite3';
import { generateKeyPairSync, sign, verify } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { legacyDb } from '../fixtures';
import { runIcProcess, tempDir } from '../helpers';

/** The columns clavain-cli's probe names (authz_sign.go, policy doctor). */
const PROBE =
  'SELECT id, op_type, target, agent_id, bead_id, mode, policy_match, policy_hash, vetted_sha, vetting, cross_project_id, created_at, sig_version, signature, signed_at FROM authorizations LIMIT 0';

/** Its snapshot of the ledger (loadAuthorizationSnapshot), ordered as it reads it. */
const SNAPSHOT = `SELECT id, op_type, target, agent_id, IFNULL(bead_id,'') AS bead_id, mode, IFNULL(policy_match,'') AS policy_match,
  IFNULL(policy_hash,'') AS policy_hash, IFNULL(vetted_sha,'') AS vetted_sha, IFNULL(vetting,'') AS vetting,
  IFNULL(cross_project_id,'') AS cross_project_id, created_at, sig_version, signature, signed_at
  FROM authorizations ORDER BY created_at ASC, id ASC`;

interface Row {
  id: string;
  op_type: string;
  target: string;
  agent_id: string;
  mode: string;
  created_at: number;
  sig_version: number;
  signature: Buffer | null;
  signed_at: number | null;
}

/** What a signature covers here: the row's fields (clavain-cli has its own canonical form; the columns are what matter). */
const payload = (r: Row) => Buffer.from(JSON.stringify([r.id, r.op_type, r.target, r.agent_id, r.mode, r.created_at]));

function checkPreflight(path: string): void {
  const db = new Database(path, { fileMustExist: true, timeout: 5000 });
  try {
    // 3. The audited schema range.
    const schema = db.pragma('user_version', { simple: true }) as number;
    expect(schema).toBeGreaterThanOrEqual(36);
    expect(schema).toBeLessThanOrEqual(39);
    // 4. quick_check's first row is exactly ok.
    expect(db.pragma('quick_check', { simple: true })).toBe('ok');
    // 5. Go's columns of authorizations (and of authz_tokens, which its token commands write).
    expect(() => db.prepare(PROBE).all()).not.toThrow();
    const columns = (t: string) =>
      (db.pragma(`table_info(${t})`) as { name: string; type: string; notnull: number; dflt_value: string | null }[])
        .map((c) => `${c.name} ${c.type}${c.notnull ? ' not null' : ''}${c.dflt_value === null ? '' : ` = ${c.dflt_value}`}`)
        .sort();
    expect(columns('authorizations')).toEqual(
      [
        'id TEXT',
        'op_type TEXT not null',
        'target TEXT not null',
        'agent_id TEXT not null',
        'bead_id TEXT',
        'mode TEXT not null',
        'policy_match TEXT',
        'policy_hash TEXT',
        'vetted_sha TEXT',
        'vetting TEXT',
        'cross_project_id TEXT',
        'created_at INTEGER not null',
        'sig_version INTEGER not null = 0',
        'signature BLOB',
        'signed_at INTEGER',
      ].sort(),
    );
    expect(columns('authz_tokens')).toEqual(
      [
        'id TEXT',
        'op_type TEXT not null',
        'target TEXT not null',
        'agent_id TEXT not null',
        'bead_id TEXT',
        'delegate_to TEXT',
        'expires_at INTEGER not null',
        'consumed_at INTEGER',
        'revoked_at INTEGER',
        'issued_by TEXT not null',
        'parent_token TEXT',
        'root_token TEXT',
        'depth INTEGER not null = 0',
        'sig_version INTEGER not null = 2',
        'signature BLOB not null',
        'created_at INTEGER not null',
      ].sort(),
    );

    // 7. The legacy anchor: exactly one signing-enabled row, the fixed
    // migration-033 marker at sig_version 1; rows at sig_version 0 carry no
    // signing metadata; no other sig_version.
    const rows = db.prepare(SNAPSHOT).all() as Row[];
    const markers = rows.filter((r) => r.op_type === 'migration.signing-enabled');
    expect(markers.map((r) => [r.id, r.sig_version])).toEqual([['migration-033-cutover-marker', 1]]);
    for (const r of rows.filter((r) => r.sig_version === 0)) expect([r.signature, r.signed_at]).toEqual([null, null]);
    expect(rows.every((r) => r.sig_version === 0 || r.sig_version === 1)).toBe(true);
    // The marker rows of 033, 034 and 035, as Go's migrations write them (created_at an integer).
    expect(
      db
        .prepare(
          "SELECT id, op_type, target, agent_id, mode, sig_version, typeof(created_at) AS t FROM authorizations WHERE id LIKE 'migration-%' ORDER BY id",
        )
        .all(),
    ).toEqual([
      {
        id: 'migration-033-cutover-marker',
        op_type: 'migration.signing-enabled',
        target: 'authorizations',
        agent_id: 'system:migration-033',
        mode: 'auto',
        sig_version: 1,
        t: 'integer',
      },
      {
        id: 'migration-034-tokens-enabled',
        op_type: 'migration.tokens-enabled',
        target: 'authz_tokens',
        agent_id: 'system:migration-034',
        mode: 'auto',
        sig_version: 1,
        t: 'integer',
      },
      {
        id: 'migration-035-receipts-enabled',
        op_type: 'migration.receipts-enabled',
        target: 'action_receipts',
        agent_id: 'system:migration-035',
        mode: 'auto',
        sig_version: 1,
        t: 'integer',
      },
    ]);

    // 9. The signer's write probe, rolled back, leaves nothing.
    const count = () => db.prepare('SELECT count(*) FROM authorizations').pluck().get();
    const before = count();
    db.exec('BEGIN');
    db.prepare(
      "INSERT INTO authorizations (id, op_type, target, agent_id, mode, created_at, sig_version) VALUES (?, 'policy.doctor-probe', 'rollback', 'clavain-cli:doctor', 'auto', ?, 1)",
    ).run(`doctor-probe-${process.hrtime.bigint()}`, Math.floor(Date.now() / 1000));
    db.exec('ROLLBACK');
    expect(count()).toBe(before);

    // policy sign: every unsigned row at sig_version 1, signed once (the marker first of all); then every such row verifies.
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const unsigned = db
      .prepare('SELECT * FROM authorizations WHERE signature IS NULL AND sig_version = 1 ORDER BY created_at ASC')
      .all() as Row[];
    expect(unsigned.map((r) => r.id)).toContain('migration-033-cutover-marker');
    const update = db.prepare('UPDATE authorizations SET signature=?, signed_at=? WHERE id=? AND signature IS NULL');
    for (const r of unsigned) expect(update.run(sign(null, payload(r), privateKey), 1_800_000_000, r.id).changes).toBe(1);
    for (const r of unsigned) expect(update.run(Buffer.from('again'), 1, r.id).changes).toBe(0);
    for (const r of db.prepare(SNAPSHOT).all() as Row[]) {
      if (r.sig_version === 1) expect(r.signed_at !== null && verify(null, payload(r), publicKey, r.signature!), r.id).toBe(true);
    }
    // policy record-signed: a v1.5 row with every column, and the constraints Go's schema puts on them.
    db.prepare(
      `INSERT INTO authorizations (id, op_type, target, agent_id, bead_id, mode, policy_match, policy_hash, vetted_sha, vetting, cross_project_id, created_at, sig_version)
       VALUES ('a1', 'bead-close', 'iv-1', 'claude', 'iv-1', 'confirmed', 'rule', 'h', 'sha', '{"tests":"pass"}', NULL, 1800000001, 1)`,
    ).run();
    expect(() =>
      db
        .prepare("INSERT INTO authorizations (id, op_type, target, agent_id, mode, created_at) VALUES ('a2', 'o', 't', '  ', 'auto', 1)")
        .run(),
    ).toThrow(/CHECK/);
    expect(() =>
      db
        .prepare("INSERT INTO authorizations (id, op_type, target, agent_id, mode, created_at) VALUES ('a3', 'o', 't', 'x', 'maybe', 1)")
        .run(),
    ).toThrow(/CHECK/);
    expect(() =>
      db
        .prepare(
          "INSERT INTO authorizations (id, op_type, target, agent_id, mode, created_at, vetting) VALUES ('a4', 'o', 't', 'x', 'auto', 1, '{')",
        )
        .run(),
    ).toThrow(/CHECK/);

    // Tokens (authz_token.go through pkg/authz): issue, delegate (depth at most 3, parent kept), consume, revoke.
    const token = db.prepare(
      'INSERT INTO authz_tokens (id, op_type, target, agent_id, bead_id, delegate_to, expires_at, issued_by, parent_token, root_token, depth, signature, created_at) VALUES (?, ?, ?, ?, NULL, NULL, ?, ?, ?, ?, ?, ?, ?)',
    );
    token.run('t1', 'bead-close', 'iv-1', 'claude', 1900000000, 'user', null, 't1', 0, Buffer.from('s'), 1800000000);
    token.run('t2', 'bead-close', 'iv-1', 'codex', 1900000000, 'claude', 't1', 't1', 1, Buffer.from('s'), 1800000001);
    expect(() => token.run('t3', 'o', 't', 'x', 1, 'u', 't2', 't1', 4, Buffer.from('s'), 1)).toThrow(/CHECK/);
    expect(db.prepare('SELECT depth FROM authz_tokens WHERE id = ?').pluck().get('t2')).toBe(1);
    expect(
      db
        .prepare('UPDATE authz_tokens SET consumed_at = ? WHERE id = ? AND consumed_at IS NULL AND revoked_at IS NULL')
        .run(1800000002, 't2').changes,
    ).toBe(1);
    expect(db.prepare('UPDATE authz_tokens SET revoked_at = ? WHERE id = ?').run(1800000003, 't1').changes).toBe(1);
    expect(db.prepare('SELECT consumed_at, revoked_at, expires_at FROM authz_tokens WHERE id = ?').get('t2')).toEqual({
      consumed_at: 1800000002,
      revoked_at: null,
      expires_at: 1900000000,
    });
    expect(() => db.prepare("DELETE FROM authz_tokens WHERE id = 't1'").run()).toThrow(/FOREIGN KEY/);

    // The delegation level it reads from state (autonomy.ResolveDB).
    expect(
      db
        .prepare(
          "SELECT payload FROM state WHERE key = 'kernel.autonomy.delegation_level' AND scope_id = 'global' AND (expires_at IS NULL OR expires_at > unixepoch())",
        )
        .all(),
    ).toEqual([]);
  } finally {
    db.close();
  }
}

describe("clavain-cli's signer preflight holds on the database file", () => {
  it('made by ic init', () => {
    const dir = tempDir();
    expect(runIcProcess(['init'], dir)).toMatchObject({ code: 0, stderr: '' });
    checkPreflight(join(dir, '.clavain/intercore.db'));
    // And ic still works on it afterwards.
    expect(runIcProcess(['health'], dir)).toEqual({ code: 0, stdout: 'ok\n', stderr: '' });
  });

  it('migrated from v6', () => {
    const dir = tempDir();
    legacyDb(join(dir, '.clavain/intercore.db'), 6, { rows: 3 });
    expect(runIcProcess(['init'], dir)).toMatchObject({ code: 0, stderr: '' });
    checkPreflight(join(dir, '.clavain/intercore.db'));
    expect(runIcProcess(['health'], dir)).toEqual({ code: 0, stdout: 'ok\n', stderr: '' });
  });

  it('fails closed on a v6 database, as it did before (the check itself can fail)', () => {
    const dir = tempDir();
    legacyDb(join(dir, '.clavain/intercore.db'), 6);
    expect(() => checkPreflight(join(dir, '.clavain/intercore.db'))).toThrow();
  });
});
