import { describe, expect, it } from 'vitest';
import { snapshot } from '../../hardening/common';
import { project } from '../../helpers';

describe('landed revert', () => {
  it('marks the change reverted (once); --json echoes the flags', async () => {
    const p = await project();
    await p.ic(['landed', 'record', '--commit=ffff', '--project=/p']);
    await p.ic(['landed', 'record', '--commit=eeee', '--project=/p']);
    expect(await p.ic(['landed', 'revert', '--commit=ffff', '--project=/p', '--reverted-by=deadbeefcafe1234'])).toEqual({
      code: 0,
      stdout: 'Marked ffff as reverted by deadbeefcafe\n',
      stderr: '',
    });
    expect(await p.ic(['--json', 'landed', 'revert', '--commit=eeee', '--project=/p', '--reverted-by=zz'])).toEqual({
      code: 0,
      stdout: '{"commit":"eeee","project":"/p","reverted_by":"zz"}\n',
      stderr: '',
    });
    const rows = p.db().prepare('SELECT commit_sha, reverted_by, reverted_at >= landed_at AS later FROM landed_changes ORDER BY id').all();
    expect(rows).toEqual([
      { commit_sha: 'ffff', reverted_by: 'deadbeefcafe1234', later: 1 },
      { commit_sha: 'eeee', reverted_by: 'zz', later: 1 },
    ]);
    const before = snapshot(p.db());
    expect(await p.ic(['landed', 'revert', '--commit=ffff', '--project=/p', '--reverted-by=other'])).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ic: landed revert: no landed change of ffff in /p that is not reverted already (landed list shows them)\n',
    });
    expect(await p.ic(['landed', 'revert', '--commit=ffff', '--project=/p'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: landed revert: --reverted-by is required\n',
    });
    expect(snapshot(p.db())).toEqual(before);
  });
});
