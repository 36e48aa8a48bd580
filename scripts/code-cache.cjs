// Build step: run the hot commands through dist/ in this process, then save
// V8's compiled code of every file beside it (dist/ic.cjs.<build id>.cache,
// dist/commands/<path>.cjs.<build id>.cache, ...). Functions compiled while these
// commands ran are in the caches, so a real start skips compiling them. The
// chunks of the other commands are loaded too (their top level runs), so
// each has a cache of what that compiled. A cache belongs to this node
// binary: V8 rejects it (and ic simply compiles) under another version.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { Writable } = require('stream');
const { load } = require('../bin/ic');

// The commands hooks call most, in order, each with the exit code it must
// give (a command that fails early compiles only part of its path): `argv`
// is given the run that `run create` made. Others compile what they need
// when they run. Warming a command adds what it compiled to its chunk's
// cache (read only when it runs) and to the core's (read by every start), so
// only hot commands are here. A hot command of a new family joins here and
// in FUTURE_HOT of bench/run.mjs; test/perf/code-cache.test.ts runs the list
// through bin/ic and checks each exit code.
const WARM_UP = [
  { argv: () => ['init'], exit: 0 },
  { argv: () => ['sentinel', 'check', 'warm', 's', '--interval=0'], exit: 0 },
  { argv: () => ['state', 'set', 'warm', 's'], exit: 0 },
  { argv: () => ['state', 'get', 'warm', 's'], exit: 0 },
  { argv: () => ['run', 'create', '--goal=warm'], exit: 0 },
  { argv: () => ['run', 'current'], exit: 0 },
  { argv: (run) => ['run', 'phase', run], exit: 0 },
  // The first gate wants an artifact: blocked, then the move past it.
  { argv: (run) => ['run', 'advance', run], exit: 1 },
  { argv: (run) => ['run', 'advance', run, '--priority=4'], exit: 0 },
  { argv: (run) => ['gate', 'check', run], exit: 1 },
  { argv: (run) => ['run', 'agent', 'add', run], exit: 0 },
  { argv: (run) => ['--json', 'run', 'action', 'list', run, '--phase=brainstorm-reviewed'], exit: 0 },
  { argv: (run) => ['session', 'attribute', '--session=warm', '--bead=iv-1', `--run=${run}`, '--phase=planned'], exit: 0 },
  { argv: (run) => ['events', 'tail', run, '--limit=10'], exit: 0 },
  { argv: () => ['events', 'tail', '--all', '--limit=10'], exit: 0 },
  { argv: () => ['dispatch', 'status', 'nosuchid'], exit: 1 },
];
const STDIN = '{"warm":true}';

/**
 * Runs WARM_UP in order through `call(argv, stdin)` (which answers `{ code,
 * stdout }`), handing each command the run `run create` printed; returns
 * each command's argv, what it printed, the exit code it gave and the one
 * it must give.
 */
async function warmUp(call) {
  const results = [];
  let run;
  for (const command of WARM_UP) {
    const argv = command.argv(run);
    const { code, stdout } = await call(argv, STDIN);
    results.push({ argv, stdout, code, exit: command.exit });
    if (argv[0] === 'run' && argv[1] === 'create') run = stdout.trim();
  }
  return results;
}

const DIST = path.join(__dirname, '../dist');

function files(dir) {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

async function main() {
  // Caches of earlier builds are of no use any more.
  for (const f of files(DIST)) if (/\.cjs\.[0-9a-f]+\.cache$/.test(f)) fs.rmSync(f);
  const { exports: ic, scripts, loadChunk } = load({ noCache: true });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ic-warm-'));
  const sink = (into) =>
    new Writable({
      write(chunk, _enc, done) {
        into.push(chunk);
        done();
      },
    });
  try {
    const results = await warmUp(async (argv, stdin) => {
      const out = [];
      const code = await ic.main(argv, { stdout: sink(out), stderr: sink([]), cwd: dir, readStdin: () => stdin });
      return { code, stdout: Buffer.concat(out).toString() };
    });
    // The build goes on (ic is only slower); the test of the list fails.
    for (const { argv, code, exit } of results)
      if (code !== exit) process.stderr.write(`code-cache: ic ${argv.join(' ')} exited ${code}, expected ${exit}\n`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  for (const f of files(DIST)) {
    const name = path.relative(DIST, f).slice(0, -'.cjs'.length);
    if (f.endsWith('.cjs') && name !== 'ic') loadChunk(name);
  }
  for (const { file, script, cache } of scripts) {
    if (!cache) throw new Error(`${file} has no build id`);
    fs.writeFileSync(cache, script.createCachedData());
  }
}

module.exports = { warmUp };

if (require.main === module) {
  main().catch((err) => {
    // A missing cache only makes ic slower; it must not fail the build.
    process.stderr.write(`code-cache: skipped (${err.message})\n`);
  });
}
