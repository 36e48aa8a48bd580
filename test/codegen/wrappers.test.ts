import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { createContext } from '../../codegen/context';
import { generateWrappers } from '../../codegen/generators/wrappers';
import { SpecError, parseSpec, readSpecText } from '../../codegen/spec/load';
import type { Spec } from '../../codegen/spec/metaschema';
import { ROOT, tempDir } from '../helpers';

const SPEC_TEXT = readSpecText(join(ROOT, 'spec/intercore.yaml'));

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
    expect(lib).toContain('\nINTERCORE_WRAPPER_VERSION="0.6.0"\n');
    expect(lib).toContain('\nINTERCORE_BIN="${INTERCORE_BIN:-}"\n');
    expect(lib).toContain('\nINTERCORE_LOCK_BIN="${INTERCORE_LOCK_BIN:-}"\n');
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
      'intercore_dispatch_tokens',
      'intercore_run_current',
      'intercore_run_phase',
      'intercore_run_agent_add',
      'intercore_run_artifact_add',
      'intercore_run_skip',
      'intercore_run_tokens',
      'intercore_run_budget',
      'intercore_events_tail',
      'intercore_events_tail_all',
      'intercore_events_cursor_get',
      'intercore_events_cursor_set',
      'intercore_events_cursor_reset',
      'intercore_gate_check',
      'intercore_gate_override',
      'intercore_lock_available',
      'intercore_lock',
      'intercore_unlock',
      'intercore_lock_clean',
      'intercore_session_attribute',
      'intercore_session_current',
      'intercore_session_end',
      'intercore_agency_load',
      'intercore_agency_validate',
      'intercore_goal_audit',
      'intercore_run_rollback',
      'intercore_run_rollback_dry',
      'intercore_run_code_rollback',
    ]);
    // Only intercore_check_or_die may end the caller (the helpers before the
    // functions exit only subshells of their own: see the fault tests).
    const chunks = lib.split(/^(?=intercore_[a-z_]+\(\) \{$)/m).slice(1);
    const exits = chunks.filter((f) => /\bexit\b/.test(f.replace(/#.*$/gm, '')));
    expect(exits.map((f) => f.split('(')[0])).toEqual(['intercore_check_or_die']);
    // No wrapper checks health first: one ic process per call.
    const callers = chunks.filter((f) => /\bintercore_available\b/.test(f.slice(f.indexOf('{')).replace(/#.*$/gm, '')));
    expect(callers).toEqual([]);
  });

  it('writes a simple wrapper from its declaration: optional words only when set', () => {
    const lib = generatedLibrary();
    const body = lib.slice(lib.indexOf('intercore_run_agent_add() {'), lib.indexOf('\n}\n', lib.indexOf('intercore_run_agent_add() {')));
    expect(body).toBe(
      [
        'intercore_run_agent_add() {',
        '  local run_id=${1:-} type=${2:-} name=${3:-} dispatch_id=${4:-}',
        '  local _intercore_out',
        '  local -a args=(run agent add "$run_id" "--type=$type")',
        '  if [[ -n $name ]]; then args+=("--name=$name"); fi',
        '  if [[ -n $dispatch_id ]]; then args+=("--dispatch-id=$dispatch_id"); fi',
        '  _intercore_ic "${args[@]}" || return 1',
        '  printf \'%s\' "$_intercore_out"',
      ].join('\n'),
    );
  });

  it('maps exit 1 on its own when it is an answer; anything from 2 on is the fallback', () => {
    const lib = generatedLibrary();
    const start = lib.indexOf('intercore_sentinel_check() {');
    expect(lib.slice(start, lib.indexOf('\n}\n', start))).toBe(
      [
        'intercore_sentinel_check() {',
        '  local name=${1:-} scope_id=${2:-} interval=${3:-}',
        '  local rc=0 _intercore_out',
        '  _intercore_ic sentinel check "$name" "$scope_id" "--interval=$interval" || rc=$?',
        '  # 0 and 1 are answers; anything else means ic is unavailable: fail safe.',
        '  if ((rc >= 2)); then return 0; fi',
        '  return "$rc"',
      ].join('\n'),
    );
  });

  it('bounds intercore_dispatch_wait by its own timeout too (call.waits)', () => {
    const lib = generatedLibrary();
    const start = lib.indexOf('intercore_dispatch_wait() {');
    expect(lib.slice(start, lib.indexOf('\n}\n', start))).toContain('  local _intercore_extra=0\n  _intercore_allow "$timeout"\n');
  });

  it('accepts a partial that runs no _intercore_ic call (calls: []), with its own Runs line', () => {
    const lib = generatedLibrary();
    expect(lib).toContain('\n#   Runs: ic lock acquire "$name" "$scope" "--timeout=$timeout"');
    expect(lib).toMatch(/\nintercore_lock\(\) \{\n/);
  });

  it('refuses a partial whose ic calls differ from its declared calls', () => {
    expect(() =>
      generatedLibrary((spec) => {
        wrapper(spec, 'intercore_sentinel_reset_all').calls = ['sentinel list'];
      }),
    ).toThrow(/intercore_sentinel_reset_all: the partial runs \[sentinel clear\] but the spec's calls say \[sentinel list\]/);
    expect(() =>
      generatedLibrary((spec) => {
        wrapper(spec, 'intercore_lock').calls = ['health'];
      }),
    ).toThrow(/intercore_lock: the partial runs \[\] but the spec's calls say \[health\]/);
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

  it('call.waits names an argument; runs is prose for partials only', () => {
    const problems = problemsWith((spec) => {
      wrapper(spec, 'intercore_dispatch_wait').call!.waits = '$deadline';
      wrapper(spec, 'intercore_run_phase').runs = 'ic run phase';
    });
    expect(problems).toEqual([
      expect.stringMatching(/call\.waits: no wrapper argument "deadline"$/),
      expect.stringMatching(/runs: only for a wrapper with a partial/),
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

// The generated library run by bash against fake ic binaries: the faults a
// probe found, and the one-process rule.
describe('lib-intercore.sh against a fake ic', () => {
  const HINT = /^lib-intercore: \S+ health failed; using fallbacks \(run "ic health" for the reason, "ic init" to create the database\)\n$/;

  /** A hook (strict mode, the library sourced) with `body` as ic on PATH; ic's argv go to calls, one per line, NUL-safe. */
  function withFakeIc(body: string, script: string, env: NodeJS.ProcessEnv = {}, input = '') {
    const dir = tempDir();
    const lib = join(dir, 'lib-intercore.sh');
    writeFileSync(lib, generatedLibrary());
    mkdirSync(join(dir, 'bin'));
    const ic = join(dir, 'bin', 'ic');
    writeFileSync(ic, `#!/bin/bash\nprintf '%s\\0' "$#" "$@" >>"${dir}/calls"\n${body}\n`);
    chmodSync(ic, 0o755);
    const r = spawnSync('bash', ['-c', `set -euo pipefail\nsource "${lib}"\n${script}\necho survived`], {
      encoding: 'utf8',
      cwd: dir,
      env: { PATH: `${join(dir, 'bin')}:${process.env.PATH}`, HOME: dir, ...env },
      timeout: 30_000,
      input,
    });
    let calls: string[][] = [];
    try {
      const words = readFileSync(join(dir, 'calls'), 'utf8').split('\0').slice(0, -1);
      for (let i = 0; i < words.length;) {
        const n = Number(words[i]);
        calls.push(words.slice(i + 1, i + 1 + n));
        i += n + 1;
      }
    } catch {
      calls = [];
    }
    return { dir, code: r.status, stdout: r.stdout, stderr: r.stderr, calls };
  }

  it('one ic process per wrapper call, no health check, found without a process', () => {
    const r = withFakeIc('echo allowed', 'intercore_sentinel_check_or_legacy n s 0 legacy; v=$(intercore_run_phase r); echo "[$v]"');
    expect(r.calls).toEqual([
      ['sentinel', 'check', 'n', 's', '--interval=0'],
      ['run', 'phase', 'r'],
    ]);
    expect(r.stdout).toBe('[allowed]\nsurvived\n');
    expect(r.stderr).toBe('');
  });

  it.each([
    ['exits 2 after printing', 'echo partial; exit 2'],
    ['exits 3', 'echo partial; exit 3'],
    ['is killed by a signal', 'echo partial; kill -KILL $$'],
    ['cannot execute its interpreter', 'echo partial; exec /nonexistent/node'],
  ])('an ic that %s: every wrapper falls back, prints no partial output, the hint at most once', (_, body) => {
    const r = withFakeIc(
      body,
      [
        'intercore_state_get k s; echo "get $?"',
        'intercore_sentinel_check n s 0; echo "check $?"',
        'intercore_sentinel_check_or_legacy n s 0 legacy; echo "legacy $?"; test -e legacy && echo touched',
        'intercore_run_current || echo "current $?"',
        'intercore_dispatch_list_active || echo "list $?"',
      ].join('\n'),
    );
    expect(r.stdout).toBe('get 0\ncheck 0\nlegacy 0\ntouched\ncurrent 1\nlist 1\nsurvived\n');
    expect(r.calls).toHaveLength(5);
    // 127 (no binary, or no interpreter) is silent; the rest print the hint once.
    if (body.includes('nonexistent')) expect(r.stderr).toBe('');
    else expect(r.stderr).toMatch(HINT);
  });

  it('a hanging ic is stopped after INTERCORE_CALL_TIMEOUT (SIGTERM, then SIGKILL)', () => {
    const r = withFakeIc('trap "" TERM; echo partial; while :; do sleep 0.1; done', 'intercore_state_get k s; echo "get $?"', {
      INTERCORE_CALL_TIMEOUT: '1',
    });
    expect(r.stdout).toBe('get 0\nsurvived\n');
    // Not stopped, the fake ic would loop until spawnSync's 30 s guard, and "survived" would never print.
    expect(r.stderr).toMatch(HINT);
  });

  it('intercore_dispatch_wait allows its own timeout on top of the bound', () => {
    const r = withFakeIc('sleep 2; echo "{}"', 'intercore_dispatch_wait d 2s', { INTERCORE_CALL_TIMEOUT: '1' });
    expect(r.stdout).toBe('{}\nsurvived\n');
    expect(r.calls).toEqual([['dispatch', 'wait', 'd', '--timeout=2s', '--json']]);
  });

  it("reset_all and delete_all: one call each, any scope (newline, tab) is the database's business", () => {
    const r = withFakeIc(
      'echo "1 deleted"',
      "intercore_sentinel_reset_all stop 'legacy-*'; intercore_state_delete_all $'k\\tx' 'legacy-*'",
    );
    expect(r.calls).toEqual([
      ['sentinel', 'clear', 'stop'],
      ['state', 'clear', 'k\tx'],
    ]);
    expect(r.stdout).toBe('survived\n');
  });

  it("passes state set its JSON on stdin, and nothing else reads the hook's stdin", () => {
    const r = withFakeIc(
      'cat >>"$HOME/stdin"; printf "|" >>"$HOME/stdin"',
      'intercore_state_set k s \'{"a":1}\'; intercore_state_get k s; echo "hook read: $(cat)"',
      {},
      'HOOK INPUT',
    );
    expect(readFileSync(join(r.dir, 'stdin'), 'utf8')).toBe('{"a":1}\n||');
    expect(r.stdout).toBe('hook read: HOOK INPUT\nsurvived\n');
    expect(r.calls).toHaveLength(2);
  });

  it("keeps the caller's $! and survives set -E, inherit_errexit, an ERR trap, IFS= and set -f", () => {
    const r = withFakeIc(
      'echo partial; exit 2',
      [
        'set -E; shopt -s inherit_errexit 2>/dev/null || true; set -f; IFS=; trap "echo ERR-TRAP" ERR',
        'sleep 0.2 & p=$!',
        'v=$(intercore_state_get k s); echo "get [$v]"',
        'intercore_sentinel_check_or_legacy a b 0 legacy || echo throttled',
        'intercore_run_phase x || echo "phase $?"',
        '[[ $! == "$p" ]] && echo "\\$! kept"',
        'wait',
      ].join('\n'),
    );
    expect(r.stdout).toBe('get []\nphase 1\n$! kept\nsurvived\n');
  });

  it('intercore_available still runs ic health, once per shell; the wrappers never do', () => {
    const r = withFakeIc('exit 0', 'intercore_available; intercore_available; intercore_state_get k s');
    expect(r.calls).toEqual([['health'], ['state', 'get', 'k', 's']]);
  });
});
