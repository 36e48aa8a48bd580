import { describe, expect, it } from 'vitest';
import type Database from 'better-sqlite3';
import { writeTransaction } from '../../../src/db/transaction';
import { claim as claimIn } from '../../../src/sentinel/handlers';
import { project, runIcConcurrently } from '../../helpers';

/** One claim in its own write transaction at time `now`, as the command makes it. */
const claim = (db: Database.Database, name: string, scope: string, interval: number, now: number) =>
  writeTransaction(db, now, (tx) => claimIn(tx, name, scope, interval)).result;

describe('sentinel check', () => {
  it('interval 0 fires once until reset', async () => {
    const p = await project();
    expect(await p.ic(['sentinel', 'check', 'stop', 's1', '--interval=0'])).toEqual({ code: 0, stdout: 'allowed\n', stderr: '' });
    expect(await p.ic(['sentinel', 'check', 'stop', 's1', '--interval', '0'])).toEqual({ code: 1, stdout: 'throttled\n', stderr: '' });
    expect(await p.ic(['sentinel', 'check', 'stop', 's2', '--interval=0'])).toMatchObject({ code: 0 });
    expect(await p.ic(['sentinel', 'reset', 'stop', 's1'])).toEqual({ code: 0, stdout: 'reset\n', stderr: '' });
    expect(await p.ic(['sentinel', 'check', 'stop', 's1', '--interval=0'])).toMatchObject({ code: 0, stdout: 'allowed\n' });
  });

  it('interval N fires again once N seconds have passed', async () => {
    const p = await project();
    const db = p.db();
    expect(claim(db, 'drift', 's', 60, 1000)).toBe(true);
    expect(claim(db, 'drift', 's', 60, 1059)).toBe(false);
    expect(claim(db, 'drift', 's', 60, 1060)).toBe(true);
    expect(db.prepare('SELECT last_fired FROM sentinels').all()).toEqual([{ last_fired: 1060 }]);
  });

  it('prunes sentinels idle for 7 days in the same claim', async () => {
    const p = await project();
    const db = p.db();
    const now = 10_000_000;
    db.prepare('INSERT INTO sentinels (name, scope_id, last_fired) VALUES (?, ?, ?), (?, ?, ?)').run(
      'old',
      's',
      now - 7 * 86400 - 1,
      'recent',
      's',
      now - 7 * 86400,
    );
    expect(claim(db, 'other', 's', 0, now)).toBe(true);
    expect(db.prepare('SELECT name FROM sentinels ORDER BY name').all()).toEqual([{ name: 'other' }, { name: 'recent' }]);
  });

  it('--interval is required and must be a whole number >= 0 (exit 3)', async () => {
    const p = await project();
    expect(await p.ic(['sentinel', 'check', 'a', 'b'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: sentinel check: --interval is required\n',
    });
    expect(await p.ic(['sentinel', 'check', 'a', 'b', '--interval=-1'])).toMatchObject({ code: 3, stdout: '' });
    expect(await p.ic(['sentinel', 'check', 'a', 'b', '--interval=x'])).toMatchObject({ code: 3, stdout: '' });
    expect(p.db().prepare('SELECT count(*) AS n FROM sentinels').get()).toEqual({ n: 0 });
  });

  it('32 concurrent processes: exactly one allowed, no errors', async () => {
    const p = await project();
    const results = await runIcConcurrently(32, ['sentinel', 'check', 'k', 's', '--interval=0'], p.dir);
    expect(results.filter((r) => r.code === 0 && r.stdout === 'allowed\n')).toHaveLength(1);
    expect(results.filter((r) => r.code === 1 && r.stdout === 'throttled\n')).toHaveLength(31);
    expect(results.filter((r) => r.stderr !== '')).toEqual([]);
  });
});

describe('sentinel check --json', () => {
  it('allowed true, then false with exit 1', async () => {
    const p = await project();
    expect(await p.ic(['--json', 'sentinel', 'check', 'n', 's', '--interval=0'])).toEqual({
      code: 0,
      stdout: '{"allowed":true}\n',
      stderr: '',
    });
    expect(await p.ic(['--json', 'sentinel', 'check', 'n', 's', '--interval=0'])).toEqual({
      code: 1,
      stdout: '{"allowed":false}\n',
      stderr: '',
    });
  });
});
