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

// The commands hooks call most. Others compile what they need when they run:
// a core cache warmed on every command is bigger, and deserialising it costs
// every start (docs/PERFORMANCE.md). A hot command of a new family joins
// here (a call that fails fast in an empty database warms it too) and in
// FUTURE_HOT of bench/run.mjs.
const WARM_UP = [
  ['init'],
  ['sentinel', 'check', 'warm', 's', '--interval=0'],
  ['state', 'set', 'warm', 's'],
  ['state', 'get', 'warm', 's'],
  ['run', 'create', '--goal=warm'],
  ['run', 'current'],
  ['gate', 'check', 'nosuchid'],
];

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
  const sink = () => new Writable({ write: (_chunk, _enc, done) => done() });
  try {
    for (const argv of WARM_UP) {
      await ic.main(argv, { stdout: sink(), stderr: sink(), cwd: dir, readStdin: () => '{"warm":true}' });
    }
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

main().catch((err) => {
  // A missing cache only makes ic slower; it must not fail the build.
  process.stderr.write(`code-cache: skipped (${err.message})\n`);
});
