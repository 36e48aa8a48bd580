// Issue 32: what a new user met, each message naming the cause and what to do.
// (Usage errors: test/cli/conventions.test.ts; terminal output: test/cli/tty.test.ts.)
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { type IcResult, project, runIc, runIcWith, tempDir } from '../helpers';

/** ic in this process with an environment of its own (on top of the test's, INTERCORE_DB unset). */
export const icEnv = (args: string[], cwd: string, env: NodeJS.ProcessEnv, stdin = ''): Promise<IcResult> =>
  runIcWith(args, cwd, { stdin, env: { INTERCORE_DB: undefined, ...env } });

describe('flag values say their unit', () => {
  it('sentinel check --interval: whole seconds, with an example', async () => {
    const p = await project();
    expect(await p.ic(['sentinel', 'check', 'n', 's', '--interval=5min'])).toEqual({
      code: 3,
      stdout: '',
      stderr:
        'ic: sentinel check: invalid --interval value "5min": want whole seconds, 0 or more (e.g. --interval=300 for 5 minutes; 0 = once)\n',
    });
    expect((await p.ic(['sentinel', 'check', 'n', 's', '--interval=-1'])).stderr).toBe(
      'ic: sentinel check: invalid --interval value "-1": want whole seconds, 0 or more (e.g. --interval=300 for 5 minutes; 0 = once)\n',
    );
  });
});

describe('the database path', () => {
  it('a directory where the database should be is named as one', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'dir.db'));
    const message =
      'cannot open database dir.db: it is a directory, not a database file; give --db (or INTERCORE_DB) the path of a file, or move the directory away';
    expect(await runIc(['--db=dir.db', 'run', 'list'], dir)).toEqual({ code: 2, stdout: '', stderr: `ic: run list: ${message}\n` });
    expect(await runIc(['--db=dir.db', 'init'], dir)).toEqual({ code: 2, stdout: '', stderr: `ic: init: ${message}\n` });
  });

  it('INTERCORE_DB names the database when --db is not given: --db > INTERCORE_DB > walking up', async () => {
    const p = await project();
    mkdirSync(join(p.dir, 'alt'));
    mkdirSync(join(p.dir, 'sub'));
    expect(await icEnv(['init'], p.dir, { INTERCORE_DB: 'alt/x.db' })).toEqual({
      code: 0,
      stdout: 'initialized alt/x.db (schema v39)\n',
      stderr: '',
    });
    expect((await icEnv(['state', 'set', 'k', 's'], p.dir, { INTERCORE_DB: 'alt/x.db' }, '"env"')).code).toBe(0);
    expect((await icEnv(['--db=alt/y.db', 'init'], p.dir, { INTERCORE_DB: 'alt/x.db' })).stdout).toBe(
      'initialized alt/y.db (schema v39)\n',
    );
    expect((await icEnv(['state', 'set', 'k', 's'], p.dir, {}, '"walk"')).code).toBe(0);
    expect(await icEnv(['state', 'get', 'k', 's'], p.dir, { INTERCORE_DB: 'alt/x.db' })).toEqual({
      code: 0,
      stdout: '"env"\n',
      stderr: '',
    });
    expect((await icEnv(['--db=alt/y.db', 'state', 'get', 'k', 's'], p.dir, { INTERCORE_DB: 'alt/x.db' })).code).toBe(1);
    expect((await icEnv(['state', 'get', 'k', 's'], p.dir, { INTERCORE_DB: '' })).stdout).toBe('"walk"\n');
    // Relative to the working directory, as --db: from sub/ the same name is another file.
    expect(await icEnv(['state', 'get', 'k', 's'], join(p.dir, 'sub'), { INTERCORE_DB: 'alt/x.db' })).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ic: state get: no database at alt/x.db; run ic init\n',
    });
  });

  it('INTERCORE_DB goes through the checks of --db, and says it was the variable', async () => {
    const dir = tempDir();
    expect(await icEnv(['state', 'get', 'k', 's'], dir, { INTERCORE_DB: '../x.db' })).toEqual({
      code: 2,
      stdout: '',
      stderr: 'ic: state get: invalid INTERCORE_DB path "../x.db": must not contain ".." (unset INTERCORE_DB, or give --db)\n',
    });
    expect((await icEnv(['--db=x.db', 'init'], dir, { INTERCORE_DB: '../x.db' })).code).toBe(0);
  });
});
