// npm run gen         regenerate generated/, lib-intercore.sh and AGENTS.md's tables
// npm run gen:check   regenerate in memory and fail on any difference from disk
// Options: --spec <file> (default spec/intercore.yaml), --root <dir> (default the repo).
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { generateAll } from './generate';
import { SpecError, loadSpec } from './spec/load';

interface Options {
  check: boolean;
  spec: string;
  root: string;
}

function parseOptions(argv: string[]): Options {
  const root = resolve(__dirname, '..');
  const options: Options = { check: false, spec: join(root, 'spec/intercore.yaml'), root };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--check') options.check = true;
    else if (a === '--spec') options.spec = resolve(argv[++i]!);
    else if (a === '--root') options.root = resolve(argv[++i]!);
    else throw new Error(`unknown option ${a}`);
  }
  return options;
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name));
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  let files;
  try {
    const spec = loadSpec(options.spec, relative(process.cwd(), options.spec) || options.spec);
    files = await generateAll(spec, { root: options.root });
  } catch (err) {
    if (err instanceof SpecError) {
      process.stderr.write(`spec error:\n${err.problems.map((p) => `  ${p}`).join('\n')}\n`);
      return 1;
    }
    throw err;
  }
  const wanted = new Map(files.map((f) => [join(options.root, f.path), f.content]));
  // generated/ is wholly ours: anything there that no generator wrote is stale.
  const stale = listFiles(join(options.root, 'generated')).filter((f) => !wanted.has(f));

  if (options.check) {
    const drift: string[] = [];
    for (const [path, content] of wanted) {
      const onDisk = existsSync(path) ? readFileSync(path, 'utf8') : undefined;
      if (onDisk !== content) drift.push(`${onDisk === undefined ? 'missing' : 'differs'}: ${relative(options.root, path)}`);
    }
    for (const path of stale) drift.push(`not generated: ${relative(options.root, path)}`);
    if (drift.length) {
      process.stderr.write(`generated files are out of date with the spec (run npm run gen):\n${drift.map((d) => `  ${d}`).join('\n')}\n`);
      return 1;
    }
    process.stdout.write(`gen:check: ${wanted.size} files match the spec\n`);
    return 0;
  }
  for (const path of stale) rmSync(path);
  let written = 0;
  for (const [path, content] of wanted) {
    if (existsSync(path) && readFileSync(path, 'utf8') === content) continue;
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
    written++;
  }
  process.stdout.write(`gen: ${wanted.size} files, ${written} written, ${stale.length} removed\n`);
  return 0;
}

main().then(
  (code) => (process.exitCode = code),
  (err: unknown) => {
    process.stderr.write(`codegen: ${(err as Error).message}\n`);
    process.exitCode = 1;
  },
);
