import { describe, expect, it } from 'vitest';
import { project, runIc, tempDir } from '../helpers';

describe('invocation', () => {
  it('unknown command or subcommand: stderr, exit 3', async () => {
    const dir = tempDir();
    expect(await runIc(['frob'], dir)).toEqual({ code: 3, stdout: '', stderr: 'ic: frob: unknown command (see: ic --help)\n' });
    expect(await runIc(['run', 'frob', 'x'], dir)).toEqual({ code: 3, stdout: '', stderr: 'ic: run: unknown subcommand: frob\n' });
    expect(await runIc(['run', 'agent', 'frob'], dir)).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: run agent: unknown subcommand: frob\n',
    });
  });

  it('a family named without a subcommand is a usage error listing its subcommands (v6); --help still prints usage', async () => {
    const dir = tempDir();
    expect(await runIc(['gate'], dir)).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: gate: missing subcommand (check, override, rules, signals)\n',
    });
    expect(await runIc(['run', 'agent'], dir)).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: run agent: missing subcommand (add, list, update)\n',
    });
    expect(await runIc(['state', '--json'], dir)).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: state: missing subcommand (set, get, delete, clear, list, prune)\n',
    });
    const run = await runIc(['run'], dir);
    expect(run).toMatchObject({ code: 3, stdout: '' });
    expect(run.stderr).toMatch(/^ic: run: missing subcommand \(create, status, advance, skip, tokens, budget, phase, .*\)\n$/);
    const help = await runIc(['run', '--help'], dir);
    expect(help).toMatchObject({ code: 0, stderr: '' });
    expect(help.stdout).toContain('run advance');
    expect((await runIc([], dir)).code).toBe(0);
  });

  it('unknown flags, missing and extra arguments: exit 3', async () => {
    const p = await project();
    expect(await p.ic(['state', 'get', 'k', 's', '--bogus'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: state get: unknown flag --bogus (see: ic state get --help)\n',
    });
    expect(await p.ic(['state', 'get', 'k'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: state get: missing argument <scope_id> (see: ic state get --help)\n',
    });
    expect(await p.ic(['state', 'get', 'k', 's', 't'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: state get: unexpected argument "t" (see: ic state get --help)\n',
    });
  });

  it('global flags anywhere, including between path words', async () => {
    const p = await project();
    expect(await p.ic(['sentinel', '--json', 'check', 'a', 'b', '--interval=0'])).toEqual({
      code: 0,
      stdout: '{"allowed":true}\n',
      stderr: '',
    });
    expect(await p.ic(['--json', 'sentinel', 'check', 'a', 'b', '--interval=0'])).toEqual({
      code: 1,
      stdout: '{"allowed":false}\n',
      stderr: '',
    });
    expect(await p.ic(['sentinel', 'check', 'a', 'c', '--timeout=100ms', '--interval=0'])).toMatchObject({ code: 0 });
  });

  it('a bad --timeout is a usage error', async () => {
    const p = await project();
    expect(await p.ic(['--timeout=soon', 'sentinel', 'list'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: invalid --timeout value "soon": want a duration such as 500ms, 2s, 1m30s or 1h\n',
    });
    expect(await p.ic(['sentinel', 'list', '--db'])).toEqual({ code: 3, stdout: '', stderr: 'ic: missing value for --db\n' });
  });
});
