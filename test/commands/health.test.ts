import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { project, runIc, tempDir } from '../helpers';

describe('version and health', () => {
  it('health: ok, or the reason and exit 2', async () => {
    const dir = tempDir();
    expect(await runIc(['health'], dir)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ic: health: no database at .clavain/intercore.db; run ic init\n',
    });
    await runIc(['init'], dir);
    expect(await runIc(['health'], dir)).toEqual({ code: 0, stdout: 'ok\n', stderr: '' });
    new Database(join(dir, '.clavain/intercore.db')).pragma('user_version = 3');
    expect(await runIc(['health'], dir)).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ic: health: database schema is v3, this ic needs v39; run ic init\n',
    });
  });
});

describe('a damaged schema is not healthy (v6)', () => {
  it('a table or a column missing at the current version: every command exit 2 naming it and ic init; init repairs it, rows kept', async () => {
    const p = await project();
    await p.ic(['state', 'set', 'k', 's'], { stdin: '{"keep":1}' });
    const db = p.db();
    db.exec('DROP TABLE dispatch_events; ALTER TABLE runs DROP COLUMN budget_warn_pct');
    const message = 'database schema is damaged (missing table dispatch_events, column runs.budget_warn_pct); run ic init to repair it';
    for (const args of [['health'], ['state', 'get', 'k', 's'], ['run', 'list'], ['sentinel', 'check', 'a', 'b', '--interval=0']]) {
      expect(await p.ic(args), args.join(' ')).toEqual({
        code: 2,
        stdout: '',
        stderr: `ic: ${args.filter((a) => !a.startsWith('-') && !['k', 's', 'a', 'b'].includes(a)).join(' ')}: ${message}\n`,
      });
    }
    expect(await p.ic(['init'])).toEqual({
      code: 0,
      stdout: 'initialized .clavain/intercore.db (schema v39)\n',
      stderr: 'ic: init: repaired the schema: added table dispatch_events, column runs.budget_warn_pct\n',
    });
    expect(await p.ic(['health'])).toEqual({ code: 0, stdout: 'ok\n', stderr: '' });
    expect(await p.ic(['state', 'get', 'k', 's'])).toEqual({ code: 0, stdout: '{"keep":1}\n', stderr: '' });
    expect(await p.ic(['init'])).toEqual({ code: 0, stdout: 'initialized .clavain/intercore.db (schema v39)\n', stderr: '' });
  });
});

describe('a damaged schema at v39: indexes and triggers too', () => {
  it('health names a missing index and trigger (exit 2); ordinary commands still run; init restores both', async () => {
    const p = await project();
    const db = p.db();
    db.exec('DROP INDEX authz_unsigned; DROP TRIGGER action_receipts_no_delete');
    expect(await p.ic(['health'])).toEqual({
      code: 2,
      stdout: '',
      stderr:
        'ic: health: database schema is damaged (missing index authz_unsigned, trigger action_receipts_no_delete); run ic init to repair it\n',
    });
    expect(await p.ic(['state', 'list', 'k'])).toEqual({ code: 0, stdout: '', stderr: '' });
    expect(await p.ic(['init'])).toEqual({
      code: 0,
      stdout: 'initialized .clavain/intercore.db (schema v39)\n',
      stderr: 'ic: init: repaired the schema: added index authz_unsigned, trigger action_receipts_no_delete\n',
    });
    expect(await p.ic(['health'])).toEqual({ code: 0, stdout: 'ok\n', stderr: '' });
    // The restored trigger refuses a delete again.
    db.exec("INSERT INTO action_receipts VALUES ('r1', 't', 'a', 'm', '[]', NULL, 'h', 1, 's', 'hmac', 'k', 't', x'00', 1)");
    expect(() => db.exec("DELETE FROM action_receipts WHERE receipt_id = 'r1'")).toThrow(/INSERT-only/);
  });
});

describe('health --json', () => {
  it('ok, the schema version and the free bytes', async () => {
    const p = await project();
    const r = await p.ic(['--json', 'health']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(JSON.parse(r.stdout)).toEqual({ ok: true, schema: expect.any(Number), free_bytes: expect.any(Number) });
  });
});
