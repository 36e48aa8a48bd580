// Bundles ic into dist/ic.cjs: one file, better-sqlite3 left external (it is
// a native addon), nothing of the code generator or TypeScript inside. Then
// writes V8's code cache for it (scripts/code-cache.cjs), which bin/ic loads.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';

// clipanion's node platform requires `tty` only to guess a colour depth when
// the context gives none; ic always gives one (colorDepth: 1). Loading tty
// (and net behind it) costs ~3 ms a start, so the bundle gets an empty stub.
const stubTty = {
  name: 'stub-tty',
  setup(b) {
    b.onResolve({ filter: /^tty$/ }, (args) => (args.importer.includes('clipanion') ? { path: 'tty', namespace: 'stub' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'stub' }, () => ({ contents: 'module.exports = null;', loader: 'js' }));
  },
};

await build({
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/ic.cjs',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['bindings'],
  plugins: [stubTty],
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
});

execFileSync(process.execPath, ['scripts/code-cache.cjs'], { stdio: 'inherit' });
