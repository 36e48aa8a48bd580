// Build step: run a few commands through the bundle in this process, then
// save V8's compiled code for it beside it (dist/ic.cjs.<build id>.cache). Functions
// compiled while these commands ran are in the cache, so a real start skips
// compiling them. The cache belongs to this node binary: V8 rejects it (and
// ic simply compiles) under another version.
'use strict';
const fs = require('fs');
const os = require('os');
const path = require('path');
const { Writable } = require('stream');
const { load } = require('../bin/ic');

// The commands hooks call most. Others compile what they need when they run:
// a cache warmed on every command is bigger, and deserialising it cost the
// hot commands about 1 ms a start (docs/PERFORMANCE.md).
const WARM_UP = [
  ['init'],
  ['sentinel', 'check', 'warm', 's', '--interval=0'],
  ['state', 'set', 'warm', 's'],
  ['state', 'get', 'warm', 's'],
  ['run', 'create', '--goal=warm'],
  ['run', 'current'],
  ['gate', 'check', 'nosuchid'],
];

async function main() {
  const bundle = path.join(__dirname, '../dist/ic.cjs');
  // Caches of earlier bundles are of no use any more.
  for (const f of fs.readdirSync(path.dirname(bundle))) if (/^ic\.cjs\..*cache$/.test(f)) fs.rmSync(path.join(path.dirname(bundle), f));
  const { exports: ic, script, cache } = load(bundle, { noCache: true });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ic-warm-'));
  const sink = () => new Writable({ write: (_chunk, _enc, done) => done() });
  try {
    for (const argv of WARM_UP) {
      await ic.main(argv, { stdout: sink(), stderr: sink(), cwd: dir, readStdin: () => '{"warm":true}' });
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  if (!cache) throw new Error(`${bundle} has no build id`);
  fs.writeFileSync(cache, script.createCachedData());
}

main().catch((err) => {
  // A missing cache only makes ic slower; it must not fail the build.
  process.stderr.write(`code-cache: skipped (${err.message})\n`);
});
