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

describe('help from the spec', () => {
  it('a command: its arguments, placeholders, required flags, ranges, defaults, details, exit codes, examples, global flags', async () => {
    const r = await runIc(['sentinel', 'check', '--help'], tempDir());
    expect(r).toEqual({
      code: 0,
      stderr: '',
      stdout: `ic sentinel check: Claim a throttle sentinel atomically

Usage: ic sentinel check <name> <scope_id> --interval=<sec>

Arguments:
  <name>      the sentinel's name
  <scope_id>  what it throttles for, e.g. a session ID

Options:
  --interval=<sec>  seconds between firings (0 = once) (required; at least 0)

Prints allowed (exit 0) or throttled (exit 1). Interval 0 fires once per (name,
scope_id) until reset; N > 0 fires when at least N seconds have passed since it
last fired. Sentinels idle for 7 days are pruned in the same transaction.

Exit codes:
  0  success
  1  throttled

Examples:
  At most once every 5 minutes:
    $ ic sentinel check compound sess-1 --interval=300

Global flags (see: ic --help): --db=<path> --timeout=<duration> --json --verbose
`,
    });
    // -h, ic help <command>, and --help after other arguments (before --) say the same.
    expect(await runIc(['sentinel', 'check', '-h'], tempDir())).toEqual(r);
    expect(await runIc(['help', 'sentinel', 'check'], tempDir())).toEqual(r);
    expect(await runIc(['sentinel', 'check', 'n', 's', '--help'], tempDir())).toEqual(r);
    expect(await runIc(['sentinel', 'check', '--interval=5', 'n', '-h'], tempDir())).toEqual(r);
    // The hidden helper has help too.
    expect((await runIc(['completion-ids', '--help'], tempDir())).stdout).toMatch(/^ic completion-ids: Print the ids/);
  });

  it('every flag is listed with its description, none with a clipanion placeholder; defaults and enumerations are shown', async () => {
    const create = (await runIc(['run', 'create', '--help'], tempDir())).stdout;
    expect(create).not.toContain('#0');
    expect(create).toMatch(/^Usage: ic run create --goal=<text> \[--project=<dir>\] \[--projects=<dirs>\]\n {21}\[--complexity=<N>\]/m);
    expect(create).toContain('\n  --goal=<text>            what the run is for (required)\n');
    // The spec's bounds and default after the description, wrapped at 80.
    expect(create).toContain(
      '\n  --complexity=<N>         how complex the work is (stored only) (1-5; default\n                           3)\n',
    );
    expect(create).toContain("\n  --scope-id=<text>        the scope whose dispatches' verdicts its gates read\n");
    expect(create).toContain('Examples:\n  A run on the default chain:\n    $ ic run create --goal=');
    const tail = (await runIc(['events', 'tail', '--help'], tempDir())).stdout;
    expect(tail).toContain('\n  -f, --follow ');
    expect(tail).toMatch(/\(default\s+500ms\)/);
    const completion = (await runIc(['completion', '--help'], tempDir())).stdout;
    expect(completion).toContain('\n  <shell>  the shell to complete ic in (one of bash, zsh, fish)\n');
  });

  it('the top-level help groups the commands as the spec orders them, with a footer', async () => {
    const { stdout } = await runIc(['--help'], tempDir());
    const titles = [...stdout.matchAll(/^([A-Z][^\n:]*):\n {2}\S/gm)].map((m) => m[1]);
    expect(titles).toEqual([
      'Setup',
      'Hook state (throttles, state, locks)',
      'Runs, phases, gates and portfolios',
      'Dispatches and agents',
      'Events and evidence',
      'Goals, discoveries and lanes',
      'Cost, sessions and landed changes',
      'Configuration and overview',
      'Global flags (anywhere on the line)',
      'Exit codes',
    ]);
    expect(stdout).toContain('\nSetup:\n  init                    Create or migrate the database to the current schema\n');
    expect(stdout).toContain("\nRun 'ic <command> --help' (or 'ic help <command>') for a command's arguments,\n");
    expect(stdout).toContain('  --db=<path>           database file (default $INTERCORE_DB, else\n');
    expect(stdout).toMatch(/must\s+end in \.db and lie under the\s+working directory/);
    expect(stdout).toContain('  -v, --version         print the version\n');
    expect(stdout).toContain('\n  3  usage error (missing argument or required flag, unknown flag, bad flag\n     value)\n');
    expect(stdout).toMatch(/\nDocumentation: man ic; AGENTS\.md and README\.md in the package/);
    // Every command the spec shows is listed once.
    const listed = [...stdout.matchAll(/^ {2}([a-z][a-z -]*?) {2,}[A-Z]/gm)].map((m) => m[1]);
    expect(new Set(listed).size).toBe(listed.length);
    expect(listed).toContain('run agent add');
  });

  it('-v prints the version, as --version does', async () => {
    const v = await runIc(['-v'], tempDir());
    expect(v).toEqual({ code: 0, stdout: `${version}\n`, stderr: '' });
    expect(await runIc(['--version'], tempDir())).toEqual(v);
  });
});
