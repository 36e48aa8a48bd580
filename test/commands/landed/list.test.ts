import { describe, expect, it } from 'vitest';
import { localDateTime } from '../../../src/format/time';
import { project } from '../../helpers';

async function seeded() {
  const p = await project();
  const add = p
    .db()
    .prepare(
      'INSERT INTO landed_changes (commit_sha, project_dir, branch, dispatch_id, run_id, bead_id, session_id, landed_at, reverted_at, reverted_by, files_changed) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)',
    );
  add.run('aaaaaaaaaaaaaaaa', '/p', 'main', null, 'r1', 'b1', null, 1000, null, null, 2);
  add.run('bbbb', '/p', 'dev', 'd1', null, null, 's1', 3000, 3500, 'cccc', null);
  add.run('dddd', '/q', 'main', null, 'r2', 'b2', 's1', 2000, null, null, null);
  return p;
}

describe('landed list', () => {
  it("latest landed first, reverted ones left out; --json in Go's key order, unset ones left out", async () => {
    const p = await seeded();
    expect(await p.ic(['landed', 'list'])).toEqual({
      code: 0,
      stdout: `[${localDateTime(2000, 'minutes')}] dddd  /q bead=b2\n[${localDateTime(1000, 'minutes')}] aaaaaaaaaaaa  /p bead=b1\n\n2 landed change(s)\n`,
      stderr: '',
    });
    expect(await p.ic(['--json', 'landed', 'list', '--include-reverted', '--project=/p'])).toEqual({
      code: 0,
      stdout:
        '[{"id":2,"commit_sha":"bbbb","project_dir":"/p","branch":"dev","dispatch_id":"d1","session_id":"s1","landed_at":3000,"reverted_at":3500,"reverted_by":"cccc"},' +
        '{"id":1,"commit_sha":"aaaaaaaaaaaaaaaa","project_dir":"/p","branch":"main","run_id":"r1","bead_id":"b1","landed_at":1000,"files_changed":2}]\n',
      stderr: '',
    });
    expect((await p.ic(['landed', 'list', '--include-reverted', '--session=s1'])).stdout).toContain(' bbbb  /p [REVERTED]\n');
  });

  it('filters: --bead, --run, --session, --since (RFC 3339), --limit', async () => {
    const p = await seeded();
    const ids = async (...flags: string[]) =>
      ((JSON.parse((await p.ic(['--json', 'landed', 'list', '--include-reverted', ...flags])).stdout) ?? []) as { id: number }[]).map(
        (c) => c.id,
      );
    expect(await ids()).toEqual([2, 3, 1]);
    expect(await ids('--bead=b1')).toEqual([1]);
    expect(await ids('--run=r2')).toEqual([3]);
    expect(await ids('--session=s1')).toEqual([2, 3]);
    expect(await ids('--since=1970-01-01T00:33:20Z')).toEqual([2, 3]);
    expect(await ids('--limit=1')).toEqual([2]);
    expect(await ids('--limit=0')).toEqual([2, 3, 1]);
  });

  it('none: "No landed changes found.", --json null; a bad --since is exit 3', async () => {
    const p = await project();
    expect(await p.ic(['landed', 'list'])).toEqual({ code: 0, stdout: 'No landed changes found.\n', stderr: '' });
    expect(await p.ic(['--json', 'landed', 'list'])).toEqual({ code: 0, stdout: 'null\n', stderr: '' });
    expect(await p.ic(['landed', 'list', '--since=bad'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: landed list: invalid --since value "bad": want an RFC 3339 time such as 2026-07-01T00:00:00Z\n',
    });
  });
});
