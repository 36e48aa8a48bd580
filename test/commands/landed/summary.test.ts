import { describe, expect, it } from 'vitest';
import { localDateTime } from '../../../src/format/time';
import { project } from '../../helpers';

describe('landed summary', () => {
  it('totals, reverted, first and last; by bead and by run count those not reverted, in key order', async () => {
    const p = await project();
    const add = p
      .db()
      .prepare('INSERT INTO landed_changes (commit_sha, project_dir, run_id, bead_id, landed_at, reverted_at) VALUES (?, ?, ?, ?, ?, ?)');
    add.run('a', '/p', 'r1234567890abcdef', 'b2', 1000, null);
    add.run('b', '/p', 'r1234567890abcdef', 'b1', 2000, null);
    add.run('c', '/p', 'r2', 'b1', 3000, 3100);
    add.run('d', '/q', null, 'b3', 4000, null);
    expect(await p.ic(['--json', 'landed', 'summary', '--project=/p'])).toEqual({
      code: 0,
      stdout:
        '{"total":3,"reverted":1,"by_bead":{"b1":1,"b2":1},"by_run":{"r1234567890abcdef":2},"first_landing":1000,"last_landing":3000}\n',
      stderr: '',
    });
    expect(await p.ic(['landed', 'summary', '--project=/p'])).toEqual({
      code: 0,
      stdout:
        'Landed Changes Summary\n══════════════════════\n  Total:      3\n  Reverted:   1\n  Active:     2\n' +
        `  First:      ${localDateTime(1000, 'minutes')}\n  Last:       ${localDateTime(3000, 'minutes')}\n` +
        '\n  By Bead (2):\n    b1                   1 commits\n    b2                   1 commits\n' +
        '\n  By Run (1):\n    r1234567890a         2 commits\n',
      stderr: '',
    });
    expect(JSON.parse((await p.ic(['--json', 'landed', 'summary', '--bead=b1', '--since=1970-01-01T00:40:00Z'])).stdout)).toEqual({
      total: 1,
      reverted: 1,
      first_landing: 3000,
      last_landing: 3000,
    });
    // --days counts from N days ago: these are all older.
    expect(await p.ic(['--json', 'landed', 'summary', '--days=1'])).toEqual({ code: 0, stdout: '{"total":0,"reverted":0}\n', stderr: '' });
    expect(await p.ic(['landed', 'summary', '--project=/none'])).toEqual({
      code: 0,
      stdout: 'Landed Changes Summary\n══════════════════════\n  Total:      0\n  Reverted:   0\n  Active:     0\n',
      stderr: '',
    });
    expect((await p.ic(['landed', 'summary', '--days=x'])).code).toBe(3);
  });
});
