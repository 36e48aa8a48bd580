// Bundles ic into dist/ as a core and one chunk per command, nothing of the
// code generator or TypeScript inside, then writes V8's code cache of each
// file (scripts/code-cache.cjs), which bin/ic loads:
//
//   dist/ic.cjs                   the core: the front door (argv, usage, the
//                                 command table), the runtime the command
//                                 classes call (generated/commands/base.ts and what it
//                                 imports: the context, the database, output),
//                                 clipanion and better-sqlite3's JavaScript
//   dist/commands/<path>.cjs      one command (`state get`: state/get.cjs): its
//                                 generated class, its handler, its queries,
//                                 whatever else only commands need
//   dist/usage.cjs, dist/cli/suggest.cjs
//                                 the usage text and "did you mean", for help
//                                 and usage errors only
//
// A start reads, deserialises and evaluates the core and the one chunk of the
// command it runs, so adding commands does not slow the others down. The core
// is what src/cli/main.ts and generated/commands/base.ts import statically; what the
// core imports dynamically (`import()`: the command table's loaders, the
// usage text) is a chunk, loaded through `require('ic-chunk:<name>')`, which
// is what that import() becomes here. A chunk never holds a copy of a core
// module: it asks the core for it (`require('ic-core:<module>')`, answered
// by bin/ic from the core's `modules`), so there is one clipanion, one error
// class hierarchy and one better-sqlite3 per process.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFile, readFile, rm } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = dirname(fileURLToPath(import.meta.url));
const DIST = join(ROOT, 'dist');
/** What the core is: these, and everything they import statically. */
const CORE_ENTRIES = ['src/cli/main.ts', 'generated/commands/base.ts'];

// better-sqlite3 is always given its addon (src/db/open.ts), so the package
// it would otherwise find it with, `bindings`, is never loaded.
const COMMON = {
  external: ['bindings'],
  absWorkingDir: ROOT,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // import() of another file becomes a require() that bin/ic answers (an
  // import() would bypass it and its code cache).
  supported: { 'dynamic-import': false },
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
};

// clipanion's node platform requires `tty` only to guess a colour depth when
// the context gives none; ic always gives one (colorDepth: 1). Loading tty
// (and net behind it) costs ~3 ms a start, so the bundle gets an empty stub.
// clipanion requires typanion only to check a command class's `schema`,
// which no ic command has: 16 KB of the core never run, so a stub that says
// so if it ever is.
const STUBS = {
  tty: 'module.exports = null;',
  typanion: 'throw new Error("typanion is not in this build of ic (a command declares a schema)");',
};
const stubTty = {
  name: 'stub-tty',
  setup(b) {
    b.onResolve({ filter: /^(tty|typanion)$/ }, (args) =>
      args.importer.includes('clipanion') ? { path: args.path, namespace: 'stub' } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: 'stub' }, (args) => ({ contents: STUBS[args.path], loader: 'js' }));
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

/** How a module is named between the core and the chunks: its path in the repository, or in node_modules. */
function moduleId(file) {
  const rel = relative(ROOT, file).split(sep).join('/');
  const at = rel.lastIndexOf('node_modules/');
  return at === -1 ? rel : rel.slice(at + 'node_modules/'.length);
}

/** A chunk's name, and its file under dist/: generated/commands/state/get.ts is commands/state/get. */
const chunkName = (id) => id.replace(/^(generated|src)\//, '').replace(/\.[cm]?[jt]s$/, '');

/**
 * The core's import() of a module that is not in the core becomes a chunk
 * (`require('ic-chunk:<name>')`); `chunks` collects them (name -> module id).
 * Without a core yet (the first pass), every import() is one.
 */
function dynamicChunks(core, chunks) {
  return {
    name: 'dynamic-chunks',
    setup(b) {
      b.onResolve({ filter: /.*/ }, async (args) => {
        if (args.kind !== 'dynamic-import' || args.pluginData?.dynamicChunks) return undefined;
        const r = await b.resolve(args.path, {
          importer: args.importer,
          resolveDir: args.resolveDir,
          kind: args.kind,
          pluginData: { dynamicChunks: true },
        });
        if (r.errors.length || r.external) return undefined;
        const id = moduleId(r.path);
        if (core?.has(id)) return undefined;
        chunks.set(chunkName(id), id);
        return { path: `ic-chunk:${chunkName(id)}`, external: true };
      });
    },
  };
}

/** A chunk's imports of core modules are left to the core: `require('ic-core:<module id>')`. */
function coreExternal(core) {
  return {
    name: 'core-external',
    setup(b) {
      b.onResolve({ filter: /.*/ }, async (args) => {
        if (args.pluginData?.coreExternal || args.kind === 'entry-point') return undefined;
        const r = await b.resolve(args.path, {
          importer: args.importer,
          resolveDir: args.resolveDir,
          kind: args.kind,
          pluginData: { coreExternal: true },
        });
        if (r.errors.length || r.external) return undefined;
        const id = moduleId(r.path);
        return core.has(id) ? { path: `ic-core:${id}`, external: true } : undefined;
      });
    },
  };
}

// --- 1. the core's modules: what CORE_ENTRIES import statically ---------------------
const graph = await build({
  ...COMMON,
  entryPoints: CORE_ENTRIES,
  outdir: DIST,
  write: false,
  metafile: true,
  plugins: [stubTty, dynamicChunks(undefined, new Map())],
});
const inputs = graph.metafile.inputs;
const core = new Map(); // module id -> its file, relative to ROOT
for (const todo = [...CORE_ENTRIES]; todo.length;) {
  const file = todo.pop();
  const id = moduleId(join(ROOT, file));
  if (core.has(id) || !inputs[file]) continue;
  core.set(id, file);
  for (const i of inputs[file].imports) if (!i.external && i.kind !== 'dynamic-import') todo.push(i.path);
}

// --- 2. the chunks: what the core imports dynamically -------------------------------------
// The core's own pass finds them (its import()s); built first, so that the
// core knows which of its modules the chunks ask for.
const chunkEntries = new Map();
await build({ ...COMMON, entryPoints: CORE_ENTRIES, outdir: DIST, write: false, plugins: [stubTty, dynamicChunks(core, chunkEntries)] });
await rm(DIST, { recursive: true, force: true });
const chunks = await build({
  ...COMMON,
  entryPoints: Object.fromEntries([...chunkEntries].map(([name, id]) => [name, join(ROOT, id)])),
  outdir: DIST,
  outExtension: { '.js': '.cjs' },
  metafile: true,
  plugins: [coreExternal(core), stubTty],
});
// The core modules the chunks ask for; no core module may have been copied into a chunk.
const asked = new Set();
for (const [file, output] of Object.entries(chunks.metafile.outputs)) {
  for (const i of output.imports) if (i.path.startsWith('ic-core:')) asked.add(i.path.slice('ic-core:'.length));
  const copied = Object.keys(output.inputs).filter((input) => core.has(moduleId(join(ROOT, input))));
  if (copied.length) throw new Error(`${file} holds core modules: ${copied.join(', ')}`);
}

// --- 3. the core, exposing the modules the chunks ask for --------------------------------
// A getter each, so a module is evaluated when the first chunk asks for it
// (esbuild initialises a module reached through require() lazily, once).
// An ES module is handed over as its namespace object (esbuild's getters onto
// its live bindings), through a one-line module of its own
// (`ic-namespace:<id>`, below): require() of the module itself would copy
// every export onto a new object, a getter each, each time a chunk module
// asks (esbuild's __toCommonJS): `run advance` made ~300 KB of garbage that
// way (generated/values.ts, 67 exports, asked for by three of its modules),
// enough for a garbage collection of its own. A CommonJS
// module (better-sqlite3, clipanion) is its module.exports, as required.
const esm = (id) => inputs[core.get(id)]?.format === 'esm';
const namespaceModules = {
  name: 'namespace-modules',
  setup(b) {
    b.onResolve({ filter: /^ic-namespace:/ }, (args) => ({ path: args.path.slice('ic-namespace:'.length), namespace: 'ic-namespace' }));
    b.onLoad({ filter: /.*/, namespace: 'ic-namespace' }, (args) => ({
      contents: `import * as namespace from ${JSON.stringify(join(ROOT, core.get(args.path)))};\nexport { namespace };`,
      resolveDir: ROOT,
      loader: 'js',
    }));
  },
};
const entry = [
  `export { start, main } from ${JSON.stringify(join(ROOT, 'src/cli/main.ts'))};`,
  // For the build (scripts/clipanion-machines.cjs) and test/cli/machines.test.ts.
  `export { commandCli } from ${JSON.stringify(join(ROOT, 'src/cli/program.ts'))};`,
  `export { machineToText } from ${JSON.stringify(join(ROOT, 'src/cli/machine-text.ts'))};`,
  `export { PROGRAM } from ${JSON.stringify(join(ROOT, 'generated/cli.ts'))};`,
  'export const modules = {',
  ...[...asked]
    .sort()
    .map(
      (id) =>
        `  get ${JSON.stringify(id)}() { return ${
          esm(id) ? `require(${JSON.stringify(`ic-namespace:${id}`)}).namespace` : `require(${JSON.stringify(join(ROOT, core.get(id)))})`
        }; },`,
    ),
  '};',
].join('\n');
await build({
  ...COMMON,
  stdin: { contents: entry, resolveDir: ROOT, sourcefile: 'ic-core.js', loader: 'js' },
  outfile: join(DIST, 'ic.cjs'),
  plugins: [stubTty, lazyClipanionContext, namespaceModules, dynamicChunks(core, new Map())],
});

// --- 4. clipanion's machine of each command, then build ids, then the code caches ------------
execFileSync(process.execPath, ['scripts/clipanion-machines.cjs'], { cwd: ROOT, stdio: 'inherit' });

// A file's build id (a hash of its content, on its last line) names its code
// cache (see bin/ic): a rebuilt file never meets a cache made for another one.
const outputs = [join(DIST, 'ic.cjs'), ...Object.keys(chunks.metafile.outputs).map((f) => join(ROOT, f))];
for (const file of outputs) {
  const content = await readFile(file);
  // V8 keeps an ASCII source as one byte a character: half the memory, and
  // faster to read and hash than the two bytes a single other character costs.
  const wide = /[^\x00-\x7f]/.exec(content.toString('latin1'));
  if (wide)
    throw new Error(
      `${relative(ROOT, file)} is not ASCII (${JSON.stringify(content.toString('utf8').slice(Math.max(0, wide.index - 40), wide.index + 10))}); escape it in the source`,
    );
  await appendFile(file, `//# ic-build ${createHash('sha256').update(content).digest('hex').slice(0, 16)}\n`);
}

// --predictable (one thread, no timing-driven work) and a fixed random seed
// (from which V8 derives its string hash seed) make the caches the same bytes
// on every build of the same sources, so `npm pack` is reproducible; V8
// accepts them in an ordinary process (neither flag is in its flag hash).
execFileSync(process.execPath, ['--predictable', '--random-seed=1', 'scripts/code-cache.cjs'], {
  cwd: ROOT,
  stdio: 'inherit',
});
