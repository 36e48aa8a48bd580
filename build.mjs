// Bundles ic into dist/ic.cjs: one file, better-sqlite3 left external (it is
// a native addon), nothing of the code generator or TypeScript inside.
import { build } from 'esbuild';

await build({
  entryPoints: ['src/cli/main.ts'],
  outfile: 'dist/ic.cjs',
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['better-sqlite3'],
  minifySyntax: true,
  legalComments: 'none',
  logLevel: 'warning',
});
