// Concurrent writers of the cost, landed and route tables: each command is one
// write transaction, so N at once leave exactly N effects (or, for the
// idempotent landed record, one row that every writer names).
import { describe, expect, it } from 'vitest';
import { project, runIcConcurrently } from '../helpers';

const N = 4;

describe('cost, landed and route writers at once', () => {
  it('landed record of one commit: one row, every writer prints its id', async () => {
    const p = await project();
    const results = await runIcConcurrently(N, ['--timeout=1m', '--json', 'landed', 'record', '--commit=abc', '--project=/p'], p.dir);
    expect(results.map((r) => [r.code, r.stderr])).toEqual(Array.from({ length: N }, () => [0, '']));
    const row = p.db().prepare('SELECT id FROM landed_changes').all() as { id: number }[];
    expect(row).toHaveLength(1);
    expect(new Set(results.map((r) => r.stdout))).toEqual(new Set([`{"commit_sha":"abc","id":${row[0]!.id},"project":"/p"}\n`]));
  });

  it('cost reconcile with a discrepancy: each writer leaves its reconciliation and its event, nothing else', async () => {
    const p = await project();
    const results = await runIcConcurrently(N, ['--timeout=1m', 'cost', 'reconcile', 'r1', '--billed-in=5', '--billed-out=1'], p.dir);
    expect(results.map((r) => [r.code, r.stderr])).toEqual(Array.from({ length: N }, () => [1, '']));
    expect(p.db().prepare('SELECT count(*) AS n FROM cost_reconciliations').get()).toEqual({ n: N });
    expect(p.db().prepare("SELECT count(*) AS n FROM dispatch_events WHERE event_type = 'cost.reconciliation_discrepancy'").get()).toEqual({
      n: N,
    });
  });

  it('route record: N writers, N distinct ids', async () => {
    const p = await project();
    const results = await runIcConcurrently(N, ['--timeout=1m', '--json', 'route', 'record', '--agent=a', '--model=m', '--rule=r'], p.dir);
    expect(results.every((r) => r.code === 0 && r.stderr === '')).toBe(true);
    expect(new Set(results.map((r) => JSON.parse(r.stdout).id)).size).toBe(N);
  });
});
