import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runIc, tempDir } from '../helpers';

// The version line comes from package.json (kept equal to the spec's binary.version by its own test).
const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string };
const versionLine = new RegExp(`^ic ${version.replaceAll('.', '\\.')}: .*\n\nUsage: ic \\[global flags\\] <command>`);

describe('invocation', () => {
  it('ic alone and ic --help print usage to stdout, exit 0', async () => {
    const dir = tempDir();
    const bare = await runIc([], dir);
    expect(bare.code).toBe(0);
    expect(bare.stderr).toBe('');
    expect(bare.stdout).toMatch(versionLine);
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
