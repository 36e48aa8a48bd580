import { describe, expect, it } from 'vitest';
import { rfc3339Local } from '../../../src/format/time';
import { project } from '../../helpers';

describe('cost list', () => {
  it("a run's reconciliations, newest first; --json in Go's struct field names", async () => {
    const p = await project();
    const add = p
      .db()
      .prepare(
        'INSERT INTO cost_reconciliations (run_id, dispatch_id, reported_in, reported_out, billed_in, billed_out, delta_in, delta_out, source, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
      );
    add.run('r1', null, 10, 5, 10, 5, 0, 0, 'manual', 1000);
    add.run('r1', 'd1', 10, 5, 12, 4, 2, -1, 'invoice', 2000);
    add.run('r2', null, 0, 0, 1, 1, 1, 1, 'manual', 3000);
    const at = (t: number) => rfc3339Local(t).slice(0, 10) + ' ' + rfc3339Local(t).slice(11, 16);
    expect(await p.ic(['cost', 'list', 'r1'])).toEqual({
      code: 0,
      stdout:
        `[${at(2000)}] DISCREPANCY  scope=d1  delta_in=+2  delta_out=-1  source=invoice\n` +
        `[${at(1000)}] OK  scope=run  delta_in=+0  delta_out=+0  source=manual\n`,
      stderr: '',
    });
    expect(await p.ic(['--json', 'cost', 'list', 'r1', '--limit=1'])).toEqual({
      code: 0,
      stdout: `[{"ID":2,"RunID":"r1","DispatchID":"d1","ReportedIn":10,"ReportedOut":5,"BilledIn":12,"BilledOut":4,"DeltaIn":2,"DeltaOut":-1,"Source":"invoice","CreatedAt":"${rfc3339Local(2000)}"}]\n`,
      stderr: '',
    });
    const ids = async (...flags: string[]) =>
      (JSON.parse((await p.ic(['--json', 'cost', 'list', 'r1', ...flags])).stdout) as { ID: number }[]).map((r) => r.ID);
    expect(await ids('--limit=0')).toEqual([2, 1]);
    expect((await p.ic(['--json', 'cost', 'list', 'r2'])).stdout).toContain('"DispatchID":""');
  });

  it('none: a line naming the run, --json null; no run id or a bad --limit is exit 3', async () => {
    const p = await project();
    expect(await p.ic(['cost', 'list', 'zz'])).toEqual({ code: 0, stdout: 'No reconciliations for run zz\n', stderr: '' });
    expect(await p.ic(['--json', 'cost', 'list', 'zz'])).toEqual({ code: 0, stdout: 'null\n', stderr: '' });
    expect(await p.ic(['cost', 'list'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: cost list: missing argument <run_id> (see: ic cost list --help)\n',
    });
    expect((await p.ic(['cost', 'list', 'zz', '--limit=x'])).code).toBe(3);
  });
});
