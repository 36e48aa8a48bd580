// The build's V8 code caches (scripts/code-cache.cjs): a start deserialises
// the functions its command ran at build time instead of compiling them. Two
// ways they could quietly stop doing so, each slower but never wrong, and so
// never seen without a check: a warm-up command that fails early (and
// compiles only part of its path), and a cache V8 rejects.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BIN, ROOT, project } from '../helpers';

const { warmUp } = createRequire(__filename)(join(ROOT, 'scripts/code-cache.cjs')) as {
  warmUp(
    call: (argv: string[], stdin: string) => Promise<{ code: number; stdout: string }>,
  ): Promise<{ argv: string[]; stdout: string; code: number; exit: number }[]>;
};

describe('the code cache', () => {
  it('warms each command on the path it is listed for: every command exits as the list says', async () => {
    const p = await project({ init: false });
    const results = await warmUp((argv, stdin) => p.ic(argv, { stdin }));
    const run = results.find((r) => r.argv.join(' ') === 'run create --goal=warm')?.stdout.trim();
    expect(run).toMatch(/^[a-z0-9]{8}$/);
    // The commands after it are given that run.
    expect(results.find((r) => r.argv[1] === 'phase')?.argv).toEqual(['run', 'phase', run]);
    expect(results.map((r) => [r.argv.join(' '), r.code])).toEqual(results.map((r) => [r.argv.join(' '), r.exit]));
  });

  it('is accepted by V8 for the core and a command chunk in a real start', () => {
    // A child of its own: V8 takes a cache only under the flags it was made with.
    const probe = `const { load } = require(${JSON.stringify(BIN)});
const { scripts, loadChunk } = load();
loadChunk('commands/run/advance');
console.log(JSON.stringify(scripts.map((s) => [require('path').relative(${JSON.stringify(ROOT)}, s.file), s.script.cachedDataRejected])));`;
    const r = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual([
      ['dist/ic.cjs', false],
      ['dist/commands/run/advance.cjs', false],
    ]);
  });
});
