import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runIc, tempDir } from '../../helpers';
import { GOOD_CONDITION } from './common';

describe('goal lint-condition', () => {
  it('prints the findings as JSON (null for none), exit 1 with an error; needs no database', async () => {
    const dir = tempDir();
    expect(await runIc(['goal', 'lint-condition', `--text=${GOOD_CONDITION}`], dir)).toEqual({ code: 0, stdout: 'null\n', stderr: '' });
    expect(await runIc(['--json', 'goal', 'lint-condition', '--text=tests pass'], dir)).toEqual({
      code: 0,
      stdout: '[{"severity":"warning","message":"no runtime bound — consider appending \'or stop after N turns\'"}]\n',
      stderr: '',
    });
    expect(await runIc(['--json', 'goal', 'lint-condition', '--text=I am ruling that `x` exits 0 or stop after 2 turns'], dir)).toEqual({
      code: 1,
      stdout:
        '[{"severity":"error","message":"ventriloquism: \\"I am ruling\\" writes the user\'s ruling in the user\'s voice. A goal the agent drafted cannot also contain the user\'s sign-off — that satisfies a canon gate with the agent\'s own document. State the open call as a QUESTION and recommend an answer outside the goal text"}]\n',
      stderr: '',
    });
    expect(await runIc(['goal', 'lint-condition'], dir)).toEqual({
      code: 1,
      stdout: '[{"severity":"error","message":"condition is empty"}]\n',
      stderr: '',
    });
  });

  it('--file wins over --text; a file that cannot be a condition is exit 2', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'c.md'), GOOD_CONDITION);
    expect(await runIc(['goal', 'lint-condition', '--text=', '--file=c.md'], dir)).toEqual({ code: 0, stdout: 'null\n', stderr: '' });
    expect(await runIc(['goal', 'lint-condition', `--file=${dir}`], dir)).toEqual({
      code: 2,
      stdout: '',
      stderr: `ic: goal lint-condition: --file .: is a directory, not a file\n`,
    });
  });
});
