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
const { cacheFile, load } = require('../bin/ic');

const WARM_UP = [
  ['--help'],
  ['--version'],
  ['init'],
  ['version'],
  ['sentinel', 'check', 'warm', 's', '--interval=0'],
  ['state', 'set', 'warm', 's'],
  ['state', 'get', 'warm', 's'],
  ['run', 'create', '--goal=warm'],
  ['run', 'current'],
  ['--json', 'run', 'current'],
  ['run', 'list'],
  ['run', 'status', 'nosuchid'],
  ['run', 'phase', 'nosuchid'],
  ['run', 'advance', 'nosuchid'],
  ['run', 'agent', 'add', 'nosuchid'],
  ['run', 'agent', 'list', 'nosuchid'],
  ['dispatch', 'status', 'nosuchid'],
  ['dispatch', 'list'],
  ['state', 'get'],
];

async function main() {
  const bundle = path.join(__dirname, '../dist/ic.cjs');
  // Caches of earlier bundles are of no use any more.
  for (const f of fs.readdirSync(path.dirname(bundle))) if (/^ic\.cjs\..*cache$/.test(f)) fs.rmSync(path.join(path.dirname(bundle), f));
  const { exports: ic, script } = load(bundle, { noCache: true });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ic-warm-'));
  const sink = () => new Writable({ write: (_chunk, _enc, done) => done() });
  try {
    for (const argv of WARM_UP) {
      await ic.main(argv, { stdout: sink(), stderr: sink(), cwd: dir, readStdin: () => '{"warm":true}' });
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const cache = cacheFile(bundle, fs.readFileSync(bundle, 'utf8'));
  if (!cache) throw new Error(`${bundle} has no build id`);
  fs.writeFileSync(cache, script.createCachedData());
}

main().catch((err) => {
  // A missing cache only makes ic slower; it must not fail the build.
  process.stderr.write(`code-cache: skipped (${err.message})\n`);
});
