// The conventions of a command-line tool: --version, `ic help`, and "did you
// mean" for unknown commands, subcommands and flags (still exit 3, one line).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMMANDS } from '../../generated/cli';
import { closest } from '../../src/cli/suggest';
import { ROOT, runIc, runIcProcess, tempDir } from '../helpers';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };

describe('--version and version', () => {
  it('ic --version prints the package version, one line, exit 0', async () => {
    expect(await runIc(['--version'], tempDir())).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
    expect(runIcProcess(['--version'], tempDir())).toEqual({ code: 0, stdout: `${pkg.version}\n`, stderr: '' });
  });

  it('ic version keeps its two lines', async () => {
    const r = await runIc(['version'], tempDir());
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`ic ${pkg.version}\nschema: unknown (no database)\n`);
  });
});

describe('ic help', () => {
  const cases = [[], ['run'], ['run', 'agent'], ['run', 'status'], ['sentinel', 'check'], ['state', 'set'], ['nosuch']];
  it.each(cases)('ic help %s prints what --help prints', async (...words) => {
    const dir = tempDir();
    expect(await runIc(['help', ...words], dir)).toEqual(await runIc([...words, '--help'], dir));
  });

  it('global flags may stand before help', async () => {
    const dir = tempDir();
    expect(await runIc(['--json', 'help', 'run', 'list'], dir)).toEqual(await runIc(['run', 'list', '--help'], dir));
  });
});

describe('did you mean', () => {
  it('an unknown command names the closest one, still exit 3', async () => {
    expect(await runIc(['statte'], tempDir())).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: statte: unknown command (did you mean state?) (see: ic --help)\n',
    });
    expect((await runIc(['--versoin'], tempDir())).stderr).toBe(
      'ic: --versoin: unknown command (did you mean --version?) (see: ic --help)\n',
    );
  });

  it('an unknown subcommand names the closest one', async () => {
    expect(await runIc(['run', 'stauts', 'x'], tempDir())).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: run: unknown subcommand: stauts (did you mean status?)\n',
    });
    expect((await runIc(['run', 'agent', 'ad'], tempDir())).stderr).toBe('ic: run agent: unknown subcommand: ad (did you mean add?)\n');
  });

  it("an unknown flag names the closest of the command's flags", async () => {
    expect(await runIc(['sentinel', 'check', 'a', 'b', '--intervall=0'], tempDir())).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: sentinel check: unknown flag --intervall=0 (did you mean --interval?) (see: ic sentinel check --help)\n',
    });
    expect((await runIc(['run', 'list', '--activ'], tempDir())).stderr).toBe(
      'ic: run list: unknown flag --activ (did you mean --active?) (see: ic run list --help)\n',
    );
    // Global flags are candidates too.
    expect((await runIc(['run', 'list', '--jsno'], tempDir())).stderr).toContain('(did you mean --json?)');
    // After a flag given a value, an unknown flag is still named (not "too many arguments").
    expect((await runIc(['sentinel', 'prune', '--older-than=1h', '--olderthan=1'], tempDir())).stderr).toBe(
      'ic: sentinel prune: unknown flag --olderthan=1 (did you mean --older-than?) (see: ic sentinel prune --help)\n',
    );
    expect((await runIc(['sentinel', 'prune', '--older-than=1h', 'x'], tempDir())).stderr).toBe(
      'ic: sentinel prune: too many arguments (see: ic sentinel prune --help)\n',
    );
  });

  it('an unknown flag before the command is named as a flag of that command (issue 32)', async () => {
    expect(await runIc(['--jsno', 'run', 'list'], tempDir())).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: run list: unknown flag --jsno (did you mean --json?) (see: ic run list --help)\n',
    });
    expect((await runIc(['--bogus', 'state', 'get', 'k', 's'], tempDir())).stderr).toBe(
      'ic: state get: unknown flag --bogus (see: ic state get --help)\n',
    );
  });

  it('a missing argument is named (issue 32)', async () => {
    expect(await runIc(['state', 'get', 'progress'], tempDir())).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: state get: missing argument <scope_id> (see: ic state get --help)\n',
    });
    expect((await runIc(['state', 'get'], tempDir())).stderr).toBe('ic: state get: missing argument <key> (see: ic state get --help)\n');
    expect((await runIc(['sentinel', 'check', 'n', '--interval=5'], tempDir())).stderr).toBe(
      'ic: sentinel check: missing argument <scope_id> (see: ic sentinel check --help)\n',
    );
  });

  it('nothing close: the message is as before', async () => {
    expect((await runIc(['frobnicate'], tempDir())).stderr).toBe('ic: frobnicate: unknown command (see: ic --help)\n');
    expect((await runIc(['state', 'get', '--bogus'], tempDir())).stderr).toBe(
      'ic: state get: unknown flag --bogus (see: ic state get --help)\n',
    );
  });

  it('suggests only close names: 2 edits, or a third of the length', () => {
    const words = [...new Set(COMMANDS.map((c) => c.words[0]!))];
    expect(closest('stat', words)).toBe('state');
    expect(closest('dispatc', words)).toBe('dispatch');
    expect(closest('sentinle', words)).toBe('sentinel');
    expect(closest('x', words)).toBeUndefined();
    expect(closest('zzzzz', words)).toBeUndefined();
    expect(closest('compleetionn', words)).toBe('completion'); // 3 edits, within a third of 12
    expect(closest('gate', ['gate', 'state'])).toBeUndefined(); // a known name is no typo
  });
});
