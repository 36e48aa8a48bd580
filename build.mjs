// Bundles ic into dist/ic.cjs: one file, better-sqlite3 left external (it is
// a native addon), nothing of the code generator or TypeScript inside. Then
// writes V8's code cache for it (scripts/code-cache.cjs), which bin/ic loads.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFile, readFile } from 'node:fs/promises';

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

// clipanion builds Cli.defaultContext from process.stdin, stdout and stderr
// when it loads, which creates Node's stdio streams (net sockets for pipes,
// several ms). ic passes its own stdout and stderr (fd writers) and never
// reads stdin through clipanion, so the bundle's defaults leave them unset.
// The build fails if clipanion's code no longer reads as expected.
const lazyClipanionContext = {
  name: 'clipanion-default-context',
  setup(b) {
    b.onLoad({ filter: /clipanion[\\/]lib[\\/]advanced[\\/]Cli\.js$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      const original =
        /Cli\.defaultContext = \{\s*env: process\.env,\s*stdin: process\.stdin,\s*stdout: process\.stdout,\s*stderr: process\.stderr,\s*colorDepth: platform\.getDefaultColorDepth\(\),\s*\};/;
      if (!original.test(source)) throw new Error(`${args.path}: Cli.defaultContext is not as expected; review build.mjs`);
      return {
        contents: source.replace(
          original,
          'Cli.defaultContext = { env: process.env, stdin: undefined, stdout: undefined, stderr: undefined, colorDepth: 1 };',
        ),
        loader: 'js',
      };
    });
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
  plugins: [stubTty, lazyClipanionContext],
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
});

// The build id names the bundle's code cache (see bin/ic): a hash of the bundle.
const bundle = await readFile('dist/ic.cjs');
await appendFile('dist/ic.cjs', `//# ic-build ${createHash('sha256').update(bundle).digest('hex').slice(0, 16)}\n`);

execFileSync(process.execPath, ['scripts/code-cache.cjs'], { stdio: 'inherit' });
