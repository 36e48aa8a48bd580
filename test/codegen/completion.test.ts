// ic completion bash, sourced in a real bash and asked to complete partial
// command lines the way bash asks: COMP_WORDS split at COMP_WORDBREAKS.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BASH_COMPLETION } from '../../generated/completion';
import { project, tempDir } from '../helpers';

const hasShellcheck = spawnSync('shellcheck', ['--version']).status === 0;

/** COMPREPLY for `line` with the cursor at its end; words as bash splits them ("=" is a word of its own). */
function complete(line: string): string[] {
  const words = line.replace(/=/g, ' = ').trim().split(/ +/);
  if (line.endsWith(' ')) words.push('');
  const script = `${BASH_COMPLETION}
COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')})
COMP_CWORD=${words.length - 1}
_ic_complete
printf '%s\\n' "\${COMPREPLY[@]}"`;
  const r = spawnSync('bash', ['-c', script], { encoding: 'utf8' });
  expect(r.stderr).toBe('');
  return r.stdout.split('\n').filter(Boolean);
}

describe('bash completion', () => {
  it('ic completion bash prints the generated script; other shells are a usage error', async () => {
    const p = await project({ init: false });
    expect(await p.ic(['completion', 'bash'])).toEqual({ code: 0, stdout: BASH_COMPLETION, stderr: '' });
    expect(await p.ic(['completion', 'zsh'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: completion: invalid <shell> value "zsh": want one of bash\n',
    });
    expect(BASH_COMPLETION).toMatch(/\ncomplete -F _ic_complete ic\n$/);
  });

  it.each([
    [
      'ic ',
      [
        'agency',
        'autonomy',
        'compat',
        'completion',
        'config',
        'coordination',
        'cost',
        'discovery',
        'dispatch',
        'events',
        'gate',
        'goal',
        'health',
        'init',
        'interspect',
        'landed',
        'lane',
        'lock',
        'portfolio',
        'receipt',
        'route',
        'run',
        'scheduler',
        'sentinel',
        'session',
        'situation',
        'state',
        'version',
      ],
    ],
    ['ic ru', ['run']],
    ['ic run a', ['action', 'advance', 'agent', 'artifact']],
    ['ic run ad', ['advance']],
    ['ic run agent ', ['add', 'list', 'update']],
    ['ic --json run agent u', ['update']],
    ['ic --db x.db run agent u', ['update']],
    ['ic run list --a', ['--active']],
    ['ic state set --t', ['--timeout=', '--ttl=']],
    ['ic --', ['--color=', '--db=', '--help', '--json', '--timeout=', '--verbose', '--version']],
    ['ic run agent update --status=', ['active', 'completed', 'failed']],
    ['ic run agent update --status=c', ['completed']],
    ['ic run agent update r1 a1 --status=f', ['failed']],
    ['ic completion ', ['bash']],
    ['ic frobnicate ', []],
    ['ic run frob ', []],
    ['ic run frob --a', []],
    ['ic run status ', []],
    ['ic lock ', ['acquire', 'clean', 'list', 'release', 'stale']],
    // No database and --json ignored: only the flags that do something.
    ['ic lock acquire n s --', ['--help', '--owner=', '--timeout=', '--verbose']],
    ['ic lock clean --', ['--help', '--older-than=', '--verbose']],
  ])('%j', (line, expected) => {
    expect(complete(line)).toEqual(expected);
  });

  it.skipIf(!hasShellcheck)('passes shellcheck', () => {
    const file = join(tempDir(), 'ic-completion.bash');
    writeFileSync(file, BASH_COMPLETION);
    const r = spawnSync('shellcheck', ['--shell=bash', '--severity=style', file], { encoding: 'utf8' });
    expect(r.stdout).toBe('');
  });

  it('a --flag=value word left whole (no "=" in COMP_WORDBREAKS) completes whole', () => {
    const script = `${BASH_COMPLETION}
COMP_WORDS=(ic run agent update --status=co)
COMP_CWORD=4
_ic_complete
printf '%s\\n' "\${COMPREPLY[@]}"`;
    expect(spawnSync('bash', ['-c', script], { encoding: 'utf8' }).stdout).toBe('--status=completed\n');
  });
});
