// ic completion bash, sourced in a real bash and asked to complete partial
// command lines the way bash asks: COMP_WORDS split at COMP_WORDBREAKS.
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BASH_COMPLETION, FISH_COMPLETION, ZSH_COMPLETION } from '../../generated/completion';
import { BIN, project, tempDir } from '../helpers';

const hasShellcheck = spawnSync('shellcheck', ['--version']).status === 0;

const has = (shell: string) => spawnSync('sh', ['-c', `command -v ${shell}`]).status === 0;

/** COMPREPLY for `line` with the cursor at its end; words as bash splits them ("=" is a word of its own). */
function complete(line: string, cwd?: string): string[] {
  const words = line.replace(/=/g, ' = ').trim().split(/ +/);
  if (line.endsWith(' ')) words.push('');
  const script = `${BASH_COMPLETION}
COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')})
COMP_CWORD=${words.length - 1}
_ic_complete
printf '%s\\n' "\${COMPREPLY[@]}"`;
  const r = spawnSync('bash', ['-c', script], { encoding: 'utf8', cwd });
  expect(r.stderr).toBe('');
  return r.stdout.split('\n').filter(Boolean);
}

describe('bash completion', () => {
  it('ic completion bash prints the generated script; other shells than bash, zsh and fish are a usage error', async () => {
    const p = await project({ init: false });
    expect(await p.ic(['completion', 'bash'])).toEqual({ code: 0, stdout: BASH_COMPLETION, stderr: '' });
    expect(await p.ic(['completion', 'tcsh'])).toEqual({
      code: 3,
      stdout: '',
      stderr: 'ic: completion: invalid <shell> value "tcsh": want one of bash, zsh, fish\n',
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
    ['ic completion ', ['bash', 'zsh', 'fish']],
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

describe('ids of runs and dispatches', () => {
  it('bash offers the ids of the database ic finds (or --db names), and nothing without one', async () => {
    const p = await project();
    const a = (await p.ic(['run', 'create', '--goal=first'])).stdout.trim();
    const b = (await p.ic(['run', 'create', '--goal=second'])).stdout.trim();
    expect(complete(`${BIN} run status `, p.dir).sort()).toEqual([a, b].sort());
    expect(complete(`${BIN} run agent add `, p.dir).sort()).toEqual([a, b].sort());
    expect(complete(`${BIN} gate check ${a.slice(0, 3)}`, p.dir)).toEqual([a]);
    expect(complete(`${BIN} dispatch status `, p.dir)).toEqual([]);
    // Not an id argument: nothing asked.
    expect(complete(`${BIN} state get `, p.dir)).toEqual([]);
    // --db is passed on: a database that is not there gives nothing, silently.
    expect(complete(`${BIN} --db=other.db run status `, p.dir)).toEqual([]);
    const empty = tempDir();
    expect(complete(`${BIN} run status `, empty)).toEqual([]);
  });
});

describe('zsh and fish completion', () => {
  it('ic completion zsh and fish print the generated scripts', async () => {
    const p = await project({ init: false });
    expect(await p.ic(['completion', 'zsh'])).toEqual({ code: 0, stdout: ZSH_COMPLETION, stderr: '' });
    expect(await p.ic(['completion', 'fish'])).toEqual({ code: 0, stdout: FISH_COMPLETION, stderr: '' });
    expect(ZSH_COMPLETION).toMatch(/^#compdef ic\n/);
    // Every command path that is not hidden, with its summary; the hidden helper is not offered.
    expect(ZSH_COMPLETION).toContain("  'run create:Start a run in the first phase of its chain'\n");
    expect(ZSH_COMPLETION).toContain("'--goal=[what the run is for]:text: '");
    expect(ZSH_COMPLETION).toContain("'1:id:_ic_ids runs'");
    expect(FISH_COMPLETION).toContain(
      "complete -c ic -n '__ic_is \\'run\\'' -f -a 'create' -d 'Start a run in the first phase of its chain'\n",
    );
    for (const script of [ZSH_COMPLETION, FISH_COMPLETION]) expect(script).not.toMatch(/completion-ids'? ?[:-]/);
  });

  it.skipIf(!has('zsh'))('zsh -n accepts the script', () => {
    const file = join(tempDir(), '_ic');
    writeFileSync(file, ZSH_COMPLETION);
    expect(spawnSync('zsh', ['-n', file], { encoding: 'utf8' })).toMatchObject({ status: 0, stderr: '' });
  });

  it.skipIf(!has('fish'))('fish -n accepts the script, and fish completes paths, flags, values and ids', async () => {
    const file = join(tempDir(), 'ic.fish');
    writeFileSync(file, FISH_COMPLETION);
    expect(spawnSync('fish', ['-n', file], { encoding: 'utf8' })).toMatchObject({ status: 0, stderr: '' });
    const p = await project();
    const id = (await p.ic(['run', 'create', '--goal=fish goal'])).stdout.trim();
    const fish = (line: string) => {
      const r = spawnSync('fish', ['--no-config', '-c', `source ${file}; complete -C ${JSON.stringify(line)}`], {
        encoding: 'utf8',
        cwd: p.dir,
      });
      expect(r.stderr).toBe('');
      return r.stdout.split('\n').filter(Boolean);
    };
    expect(fish(`${BIN} run cr`)).toEqual(['create\tStart a run in the first phase of its chain']);
    expect(fish(`${BIN} run create --go`)).toEqual([
      '--goal\twhat the run is for',
      "--goal-id\tthe goal the run works towards (its advances are the goal's activity; not checked, as in Go)",
    ]);
    expect(fish(`${BIN} completion `)).toEqual(['bash', 'fish', 'zsh']);
    expect(fish(`${BIN} run status `)).toEqual([`${id}\tactive brainstorm fish goal`]);
  });
});
