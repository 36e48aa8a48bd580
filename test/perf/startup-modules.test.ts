// What a hot command makes Node load. Each of Node's own modules not already
// in its start-up snapshot costs compile time at every start: crypto alone
// pulls ~40 (its streams), the `performance` global eleven. A hot command
// must load none beyond `vm` (bin/ic's code-cache loader) and what it needs
// for its own work; this is counted, not timed, so it holds on any machine.
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, project, tempDir } from '../helpers';

// Preloaded with -r: records the modules loaded after it, at exit.
const PRELOAD = `const seen = new Set(process.moduleLoadList);
process.on('exit', () => {
  const added = process.moduleLoadList.filter((m) => !seen.has(m) && m.startsWith('NativeModule ')).map((m) => m.slice(13));
  require('fs').writeFileSync(process.env.IC_TEST_MODULES_OUT, added.join('\\n'));
});
`;

/** Node's own modules `ic <args>` loads in `dir` beyond those present when it started, sorted. */
function modulesLoaded(dir: string, args: string[], input = '', stdout: 'pipe' | number = 'pipe'): string[] {
  const scratch = tempDir();
  const preload = join(scratch, 'preload.cjs');
  writeFileSync(preload, PRELOAD);
  const out = join(scratch, 'modules');
  const r = spawnSync(process.execPath, ['-r', preload, BIN, ...args], {
    cwd: dir,
    input,
    stdio: ['pipe', stdout, 'pipe'],
    encoding: 'utf8',
    env: { ...process.env, IC_TEST_MODULES_OUT: out },
  });
  expect([r.error, r.stderr]).toEqual([undefined, '']);
  return readFileSync(out, 'utf8').split('\n').filter(Boolean).sort();
}

/** A project with a run that has an action on its next phase (the temporary files go after each test). */
async function runProject(): Promise<{ dir: string; runId: string }> {
  const p = await project();
  const runId = (await p.ic(['run', 'create', '--project=.', '--goal=startup'])).stdout.trim();
  expect((await p.ic(['run', 'action', 'add', runId, '--phase=brainstorm-reviewed', '--command=/x'])).code).toBe(0);
  expect((await p.ic(['state', 'set', 'k', 's'], { stdin: '{"a":1}' })).code).toBe(0);
  return { dir: p.dir, runId };
}

describe('hot commands load none of Node modules they do not use', () => {
  const vmOnly = ['vm'];
  it.each([
    ['sentinel check', () => ['sentinel', 'check', 'n', 's', '--interval=0']],
    ['state set', () => ['state', 'set', 'k2', 's']],
    ['state get', () => ['state', 'get', 'k', 's']],
    ['run current', () => ['run', 'current', '--project=.']],
    ['run phase', (id: string) => ['run', 'phase', id]],
    ['gate check', (id: string) => ['gate', 'check', id]],
    ['run action list', (id: string) => ['run', 'action', 'list', id]],
    ['run agent add', (id: string) => ['run', 'agent', 'add', id, '--type=claude']],
    ['session attribute', (id: string) => ['session', 'attribute', '--session=s1', `--run=${id}`]],
    ['dispatch list', () => ['dispatch', 'list']],
    ['events tail', () => ['events', 'tail', '--all', '--limit=10']],
    ['run advance (with actions)', (id: string) => ['--json', 'run', 'advance', id, '--priority=4']],
  ])('%s: only vm', async (name, args) => {
    const { dir, runId } = await runProject();
    expect(modulesLoaded(dir, args(runId), name === 'state set' ? '{"a":1}' : '')).toEqual(vmOnly);
  });

  it('run status and run events to /dev/null: only vm (a terminal is asked of node:tty, /dev/null is not)', async () => {
    const { dir, runId } = await runProject();
    const devNull = openSync('/dev/null', 'w');
    try {
      expect(modulesLoaded(dir, ['run', 'status', runId], '', devNull)).toEqual(vmOnly);
      expect(modulesLoaded(dir, ['run', 'events', runId], '', devNull)).toEqual(vmOnly);
    } finally {
      closeSync(devNull);
    }
  });

  it('lock acquire and release: vm and os (the owner names its host)', async () => {
    const dir = tempDir();
    expect(modulesLoaded(dir, ['lock', 'acquire', 'startup-modules', 's'])).toEqual(['os', 'vm']);
    expect(modulesLoaded(dir, ['lock', 'release', 'startup-modules', 's'])).toEqual(['os', 'vm']);
  });
});

// A chunk's `require('ic-core:<module>')` is answered from the core's
// `modules` (build.mjs). An ES module copied onto a new object at each ask
// (what require() of one does in esbuild's output: a getter per export) made
// `run advance` ~300 KB of garbage (generated/values.ts, 67 exports, asked
// for by three of its modules) and a garbage collection of its own.
describe("the core's modules, as the chunks get them", () => {
  const { load } = createRequire(__filename)(join(ROOT, 'bin/ic')) as {
    load(): { exports: { modules: Record<string, object> } };
  };
  const { modules } = load().exports;

  it('each is one object, however often it is asked for', () => {
    const ids = Object.keys(modules);
    expect(ids).toContain('generated/values.ts');
    expect(ids).toContain('clipanion/lib/advanced/index.js');
    for (const id of ids) expect(modules[id], id).toBe(modules[id]);
  });

  it("an ES module is its namespace (live bindings, no copy's __esModule mark); a CommonJS one its exports", () => {
    const values = modules['generated/values.ts']!;
    expect('__esModule' in values).toBe(false);
    expect(Object.keys(values).length).toBeGreaterThan(50);
    // clipanion's own CommonJS build marks itself.
    const clipanion = modules['clipanion/lib/advanced/index.js'] as { __esModule?: boolean; Command?: unknown };
    expect([clipanion.__esModule, typeof clipanion.Command]).toEqual([true, 'function']);
  });
});
