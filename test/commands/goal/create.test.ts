import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { snapshot } from '../../hardening/common';
import { project } from '../../helpers';
import { GOOD_CONDITION } from './common';

describe('goal create', () => {
  it('mints an open goal and prints its id (--json: {id, status}); the condition file as it is', async () => {
    const p = await project();
    writeFileSync(join(p.dir, 'cond.md'), `${GOOD_CONDITION}\n`);
    const r = await p.ic([
      '--json',
      'goal',
      'create',
      '--title=Ship v2',
      `--project=${p.dir}`,
      '--condition-file=cond.md',
      '--bead=iv-7',
      '--charter=docs/c.md',
      '--complexity=4',
    ]);
    expect(r).toEqual({ code: 0, stdout: expect.stringMatching(/^\{"id":"[a-z0-9]{8}","status":"open"\}\n$/), stderr: '' });
    const id = (JSON.parse(r.stdout) as { id: string }).id;
    const text = await p.ic(['goal', 'create', '--title=Two', '--project=sub', `--condition=${GOOD_CONDITION}`]);
    expect(text).toEqual({ code: 0, stdout: expect.stringMatching(/^[a-z0-9]{8}\n$/), stderr: '' });
    expect(
      p
        .db()
        .prepare(
          'SELECT id, project_dir, title, charter_path, condition_text, status, complexity, fence_gen, bead_id FROM goals ORDER BY rowid',
        )
        .all(),
    ).toEqual([
      {
        id,
        project_dir: p.dir,
        title: 'Ship v2',
        charter_path: 'docs/c.md',
        condition_text: `${GOOD_CONDITION}\n`,
        status: 'open',
        complexity: 4,
        fence_gen: 0,
        bead_id: 'iv-7',
      },
      {
        id: text.stdout.trim(),
        project_dir: `${p.dir}/sub`,
        title: 'Two',
        charter_path: null,
        condition_text: GOOD_CONDITION,
        status: 'open',
        complexity: 3,
        fence_gen: 0,
        bead_id: null,
      },
    ]);
  });

  it('an error finding refuses the goal in one line naming it (exit 3, nothing written) unless --force; findings of a created goal go to stderr', async () => {
    const p = await project();
    const before = snapshot(p.db());
    const findings =
      'lint error: no demonstrable predicate (the evaluator only judges surfaced output — reference a command, exit code, artifact state, or bead close; not subjective quality)\n' +
      "lint warning: no runtime bound — consider appending 'or stop after N turns'\n";
    expect(await p.ic(['goal', 'create', '--title=T', '--project=/p', '--condition=make it nice'])).toEqual({
      code: 3,
      stdout: '',
      stderr:
        'ic: goal create: condition failed lint: no demonstrable predicate (the evaluator only judges surfaced output — reference a command, exit code, artifact state, or bead close; not subjective quality) (use --force to override)\n',
    });
    expect(await p.ic(['goal', 'create', '--title=T', '--project=/p'])).toMatchObject({
      code: 3,
      stderr: 'ic: goal create: condition failed lint: condition is empty (use --force to override)\n',
    });
    expect(snapshot(p.db())).toBe(before);
    const forced = await p.ic(['goal', 'create', '--title=T', '--project=/p', '--condition=make it nice', '--force']);
    expect(forced).toEqual({ code: 0, stdout: expect.stringMatching(/^[a-z0-9]{8}\n$/), stderr: findings });
    // Warnings alone do not refuse.
    expect(await p.ic(['goal', 'create', '--title=T', '--project=/p', '--condition=tests pass'])).toMatchObject({
      code: 0,
      stderr: "lint warning: no runtime bound — consider appending 'or stop after N turns'\n",
    });
  });

  it('the file wins over --condition; flags are checked before anything is read', async () => {
    const p = await project();
    writeFileSync(join(p.dir, 'c'), GOOD_CONDITION);
    const r = await p.ic(['goal', 'create', '--title=T', '--project=/p', '--condition=make it nice', '--condition-file=c']);
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(p.db().prepare('SELECT condition_text FROM goals').pluck().get()).toBe(GOOD_CONDITION);
    expect(await p.ic(['goal', 'create', '--project=/p', '--condition-file=c'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: goal create: --title is required\n',
    });
    expect(await p.ic(['goal', 'create', '--title=T', '--condition-file=c'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: goal create: --project is required\n',
    });
    expect(await p.ic(['goal', 'create', '--title=T', '--project=/p', '--condition-file=c', '--complexity=6'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: goal create: invalid --complexity value "6": want an integer from 1 to 5\n',
    });
  });

  it('a condition file that is missing, a directory, unreadable, huge, binary or not UTF-8: exit 2, one line, nothing written', async () => {
    const p = await project();
    mkdirSync(join(p.dir, 'dir'));
    writeFileSync(join(p.dir, 'huge'), `tests pass ${'x'.repeat(70_000)}`);
    writeFileSync(join(p.dir, 'nul'), Buffer.from('tests pass\0more'));
    writeFileSync(join(p.dir, 'latin1'), Buffer.from([0x74, 0x65, 0x73, 0x74, 0xe9]));
    writeFileSync(join(p.dir, 'locked'), GOOD_CONDITION);
    chmodSync(join(p.dir, 'locked'), 0o000);
    const before = snapshot(p.db());
    const cases: [string, string][] = [
      ['missing', 'no such file'],
      ['dir', 'is a directory, not a file'],
      ['huge', '70011 bytes, more than the 64000 a condition file may hold'],
      ['nul', "is binary (a NUL byte at offset 10), not a condition's text"],
      ['latin1', 'is not UTF-8 text; a condition is text the /goal evaluator reads'],
    ];
    if (process.getuid?.() !== 0) cases.push(['locked', 'permission denied']);
    for (const [file, why] of cases) {
      expect(await p.ic(['goal', 'create', '--title=T', '--project=/p', `--condition-file=${file}`, '--force']), file).toEqual({
        code: 2,
        stdout: '',
        stderr: `ic: goal create: --condition-file ${file}: ${why}\n`,
      });
    }
    expect(snapshot(p.db())).toBe(before);
  });
});
