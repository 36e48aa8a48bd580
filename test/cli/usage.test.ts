import { describe, expect, it } from 'vitest';
import { runIc, tempDir } from '../helpers';

describe('invocation', () => {
  it('ic alone and ic --help print usage to stdout, exit 0', async () => {
    const dir = tempDir();
    const bare = await runIc([], dir);
    expect(bare.code).toBe(0);
    expect(bare.stderr).toBe('');
    expect(bare.stdout).toMatch(/^ic 0\.4\.0: .*\n\nUsage: ic \[global flags\] <command>/);
    expect(bare.stdout).toContain('  run agent add ');
    expect(await runIc(['--help'], dir)).toEqual(bare);
  });

  it('group help lists only the group', async () => {
    const r = await runIc(['run', 'agent', '--help'], tempDir());
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Usage: ic [global flags] run agent <subcommand> [args]');
    expect(r.stdout).toContain('  run agent update ');
    expect(r.stdout).not.toContain('  run create ');
  });

  it('command help, exit 0', async () => {
    const r = await runIc(['sentinel', 'check', '--help'], tempDir());
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Claim a throttle sentinel atomically');
    expect(r.stdout).toContain('--interval');
  });
});
