import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { createContext } from '../../codegen/context';
import { generateWrappers } from '../../codegen/generators/wrappers';
import { SpecError, parseSpec } from '../../codegen/spec/load';
import type { Spec } from '../../codegen/spec/metaschema';
import { ROOT, tempDir } from '../helpers';

const SPEC_TEXT = readFileSync(join(ROOT, 'spec/intercore.yaml'), 'utf8');

/** The real spec with one wrapper changed; returns the problems the loader reports. */
function problemsWith(change: (spec: Spec) => void): string[] {
  const spec = parse(SPEC_TEXT) as Spec;
  change(spec);
  try {
    parseSpec(stringify(spec, { aliasDuplicateObjects: false }));
  } catch (err) {
    if (err instanceof SpecError) return err.problems;
    throw err;
  }
  return [];
}

const wrapper = (spec: Spec, name: string) => spec.wrappers!.functions.find((w) => w.name === name)!;

function generatedLibrary(change?: (spec: Spec) => void): string {
  const spec = parseSpec(SPEC_TEXT);
  change?.(spec);
  return generateWrappers(createContext(spec))[0]!.content;
}

const hasShellcheck = spawnSync('shellcheck', ['--version']).status === 0;

describe('lib-intercore.sh generator', () => {
  it.skipIf(!hasShellcheck)('passes shellcheck', () => {
    const file = join(tempDir(), 'lib-intercore.sh');
    writeFileSync(file, generatedLibrary());
    const r = spawnSync('shellcheck', ['--shell=bash', '--severity=style', file], { encoding: 'utf8' });
    expect(r.stdout + r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('has the version header, the constants and every function of the contract', () => {
    const lib = generatedLibrary();
    expect(lib).toContain('\nINTERCORE_WRAPPER_VERSION="0.3.0"\n');
    expect(lib).toContain('\nINTERCORE_BIN="${INTERCORE_BIN:-}"\n');
    expect(lib).toContain('\nINTERCORE_STOP_DEDUP_SENTINEL="stop"\n');
    const functions = [...lib.matchAll(/^(intercore_[a-z_]+)\(\) \{$/gm)].map((m) => m[1]);
    expect(functions).toEqual([
      'intercore_available',
      'intercore_state_set',
      'intercore_state_get',
      'intercore_state_delete_all',
      'intercore_sentinel_check',
      'intercore_sentinel_check_or_legacy',
      'intercore_check_or_die',
      'intercore_sentinel_reset_or_legacy',
      'intercore_sentinel_reset_all',
      'intercore_cleanup_stale',
      'intercore_dispatch_spawn',
      'intercore_dispatch_status',
      'intercore_dispatch_wait',
      'intercore_dispatch_list_active',
      'intercore_dispatch_kill',
      'intercore_run_current',
      'intercore_run_phase',
      'intercore_run_agent_add',
      'intercore_run_artifact_add',
    ]);
    // Only intercore_check_or_die may end the caller.
    const exits = lib.split(/^(?=intercore_[a-z_]+\(\) \{$)/m).filter((f) => /\bexit\b/.test(f.replace(/#.*$/gm, '')));
    expect(exits.map((f) => f.split('(')[0])).toEqual(['intercore_check_or_die']);
  });

  it('writes a simple wrapper from its declaration: optional words only when set', () => {
    const lib = generatedLibrary();
    const body = lib.slice(lib.indexOf('intercore_run_agent_add() {'), lib.indexOf('\n}\n', lib.indexOf('intercore_run_agent_add() {')));
    expect(body).toBe(
      [
        'intercore_run_agent_add() {',
        '  local run_id=${1:-} type=${2:-} name=${3:-} dispatch_id=${4:-}',
        '  intercore_available || return 1',
        '  local -a args=(run agent add "$run_id" "--type=$type")',
        '  if [[ -n $name ]]; then args+=("--name=$name"); fi',
        '  if [[ -n $dispatch_id ]]; then args+=("--dispatch-id=$dispatch_id"); fi',
        '  _intercore_ic "${args[@]}" 2>/dev/null || return 1',
      ].join('\n'),
    );
  });

  it('refuses a partial whose ic calls differ from its declared calls', () => {
    expect(() =>
      generatedLibrary((spec) => {
        wrapper(spec, 'intercore_sentinel_reset_all').calls = ['sentinel list'];
      }),
    ).toThrow(
      /intercore_sentinel_reset_all: the partial runs \[sentinel list, sentinel reset\] but the spec's calls say \[sentinel list\]/,
    );
  });
});

describe('wrapper cross-checks in the spec', () => {
  it('the real spec has none to report', () => {
    expect(problemsWith(() => {})).toEqual([]);
  });

  it('a wrapper must call an existing command', () => {
    const problems = problemsWith((spec) => {
      wrapper(spec, 'intercore_run_phase').call!.command = 'run phaze';
    });
    expect(problems).toEqual([expect.stringMatching(/wrappers\.functions\[\d+\]\.call\.command: no command "run phaze"$/)]);
  });

  it('partial calls must name existing commands', () => {
    const problems = problemsWith((spec) => {
      wrapper(spec, 'intercore_cleanup_stale').calls = ['sentinel purge'];
    });
    expect(problems).toEqual([expect.stringMatching(/calls\[0\]: no command "sentinel purge"$/)]);
  });

  it('flags must exist on the command, with or without a value as their type says', () => {
    const problems = problemsWith((spec) => {
      wrapper(spec, 'intercore_run_current').call!.argv = ['--projet=$project'];
      wrapper(spec, 'intercore_dispatch_list_active').call!.argv = ['--active=1'];
      wrapper(spec, 'intercore_sentinel_check').call!.argv = ['$name', '$scope_id', '--interval'];
    });
    expect(problems).toEqual([
      expect.stringMatching(/call\.argv\[2\]: --interval needs a value \(--interval=\.\.\.\)$/),
      expect.stringMatching(/args\[2\]: argument "interval" is not passed to ic$/),
      expect.stringMatching(/--active is a bare switch and takes no value$/),
      expect.stringMatching(/ic run current has no flag --projet$/),
    ]);
  });

  it('words may use only declared arguments, and every argument must reach ic', () => {
    const problems = problemsWith((spec) => {
      wrapper(spec, 'intercore_run_phase').call!.argv = ['$run'];
    });
    expect(problems).toEqual([
      expect.stringMatching(/call\.argv\[0\]: no wrapper argument "run"$/),
      expect.stringMatching(/args\[0\]: argument "id" is not passed to ic$/),
    ]);
  });

  it('words carry no shell syntax, and too many positionals are refused', () => {
    const problems = problemsWith((spec) => {
      wrapper(spec, 'intercore_run_phase').call!.argv = ['$id', '$(rm -rf ~)'];
    });
    expect(problems).toEqual([
      expect.stringMatching(/argv\[1\]: only \$arg references/),
      expect.stringMatching(/2 positional words, but ic run phase takes 1$/),
    ]);
  });

  it('a simple wrapper needs failed_returns; a partial needs its prose and no return policy', () => {
    const problems = problemsWith((spec) => {
      delete wrapper(spec, 'intercore_run_phase').failed_returns;
      const partial = wrapper(spec, 'intercore_cleanup_stale');
      delete partial.fallback;
      partial.failed_returns = 0;
    });
    expect(problems).toEqual([
      expect.stringMatching(/a wrapper with a partial must say what it does as a fallback \(fallback\)$/),
      expect.stringMatching(/failed_returns: only for a simple wrapper/),
      expect.stringMatching(/a simple wrapper needs failed_returns/),
    ]);
  });
});
