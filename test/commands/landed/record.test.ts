import { describe, expect, it } from 'vitest';
import { snapshot } from '../../hardening/common';
import { project } from '../../helpers';

const rows = (p: Awaited<ReturnType<typeof project>>) =>
  p
    .db()
    .prepare(
      'SELECT id, commit_sha, project_dir, branch, dispatch_id, run_id, bead_id, session_id, merge_intent_id, reverted_at, files_changed, insertions, deletions FROM landed_changes ORDER BY id',
    )
    .all();

describe('landed record', () => {
  it('records a change; again: the same id, the row as it was; empty ids and 0 counts are unset', async () => {
    const p = await project();
    expect(await p.ic(['landed', 'record', '--commit=abcdef0123456789', '--project=/p', '--bead=b1', '--run', 'r1', '--files=3'])).toEqual({
      code: 0,
      stdout: 'Recorded landed change: abcdef012345 (id=1)\n',
      stderr: '',
    });
    expect(await p.ic(['--json', 'landed', 'record', '--commit=abcdef0123456789', '--project=/p', '--branch=other'])).toEqual({
      code: 0,
      stdout: '{"commit_sha":"abcdef0123456789","id":1,"project":"/p"}\n',
      stderr: '',
    });
    const r = await p.ic([
      '--json',
      'landed',
      'record',
      '--commit=ff',
      '--project=rel',
      '--branch=dev',
      '--session=s1',
      '--dispatch=',
      '--insertions=5',
      '--deletions=0',
    ]);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ commit_sha: 'ff', project: 'rel' });
    const second = JSON.parse(r.stdout).id;
    expect(rows(p)).toEqual([
      {
        id: 1,
        commit_sha: 'abcdef0123456789',
        project_dir: '/p',
        branch: 'main',
        dispatch_id: null,
        run_id: 'r1',
        bead_id: 'b1',
        session_id: null,
        merge_intent_id: null,
        reverted_at: null,
        files_changed: 3,
        insertions: null,
        deletions: null,
      },
      {
        id: second,
        commit_sha: 'ff',
        project_dir: 'rel',
        branch: 'dev',
        dispatch_id: null,
        run_id: null,
        bead_id: null,
        session_id: 's1',
        merge_intent_id: null,
        reverted_at: null,
        files_changed: null,
        insertions: 5,
        deletions: null,
      },
    ]);
  });

  it('hostile input: one line, exit 3, nothing written', async () => {
    const p = await project();
    await p.ic(['landed', 'record', '--commit=a', '--project=/p']);
    const before = snapshot(p.db());
    const cases: [string[], string][] = [
      [['--commit=x'], 'ic: landed record: --project is required\n'],
      [['--commit=', '--project=/p'], 'ic: landed record: --commit is required\n'],
      [['--commit=y', '--project=/p', '--files=abc'], 'ic: landed record: invalid --files value "abc": want an integer\n'],
      [
        ['--commit=y', '--project=/p', '--merge-intent=3'],
        'ic: landed record: unknown flag --merge-intent=3 (see: ic landed record --help)\n',
      ],
    ];
    for (const [args, stderr] of cases) expect(await p.ic(['landed', 'record', ...args])).toEqual({ code: 3, stdout: '', stderr });
    expect(snapshot(p.db())).toEqual(before);
  });
});
