// The spec-first promise, as docs/EXTENDING.md tells it: a new table with
// three commands, a wrapper and docs by a domain file of the spec, plus the
// tests the page tells you to write. The repository is copied to a temp dir,
// the page's blocks written there, ic regenerated and rebuilt there, and the
// new tests run with the checks that ask for them; no code in src/ changes.
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  readdirSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, ROOT } from '../helpers';

// These directories live for the whole file (the helpers' temp dirs last one test).
const made: string[] = [];
const tempDir = (prefix: string) => {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  made.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of made) rmSync(dir, { recursive: true, force: true });
});

/** The blocks of docs/EXTENDING.md: fenced code, with the file it belongs in when its info string names one. */
const DOC = readFileSync(join(ROOT, 'docs/EXTENDING.md'), 'utf8');
const BLOCKS = [...DOC.matchAll(/^```(\w+)(?: (\S+))?\n([\s\S]*?)^```$/gm)].map((m) => ({ lang: m[1]!, file: m[2], text: m[3]! }));
/** Step 1's block: the root's new schema_version and domains. */
const STEP1 = BLOCKS.find((b) => b.lang === 'yaml' && !b.file)!.text;

let repo: string;
let NEW_VERSION = 0;
let work: string;
const ic = (args: string[], cwd = work) => {
  const r = spawnSync(process.execPath, [join(repo, 'bin/ic'), ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

beforeAll(() => {
  repo = tempDir('ic-extend-');
  for (const entry of [
    'spec',
    'codegen',
    'src',
    'generated',
    'bin',
    'scripts',
    'build.mjs',
    'package.json',
    'tsconfig.json',
    '.prettierrc.json',
    'AGENTS.md',
    'lib-intercore.sh',
    'man',
    'test',
    'vitest.config.mts',
  ]) {
    cpSync(join(ROOT, entry), join(repo, entry), { recursive: true });
  }
  symlinkSync(join(ROOT, 'node_modules'), join(repo, 'node_modules'));

  // The whole change, as docs/EXTENDING.md says it: step 1's two lines in the
  // root, and every block that names a file written to that file.
  const rootFile = join(repo, 'spec/intercore.yaml');
  let root = readFileSync(rootFile, 'utf8');
  const version = Number(/^schema_version: (\d+)$/m.exec(root)![1]);
  const domains = /^domains: \[(.*)\]$/m.exec(root)![1]!;
  // The page is true of the spec as it is: the next version, today's domains and one more.
  expect(STEP1).toBe(`schema_version: ${version + 1}\ndomains: [${domains}, note]\n`);
  root = root
    .replace(/^schema_version: \d+$/m, `schema_version: ${version + 1}`)
    .replace(/^domains: \[.*\]$/m, `domains: [${domains}, note]`);
  writeFileSync(rootFile, root);
  for (const block of BLOCKS.filter((b) => b.file)) {
    mkdirSync(join(repo, block.file!, '..'), { recursive: true });
    writeFileSync(join(repo, block.file!), block.text);
  }
  NEW_VERSION = version + 1;
  expect(BLOCKS.find((b) => b.file === 'spec/note.yaml')!.text).toContain(`    since: ${NEW_VERSION}\n`);

  // A project with a v6 database and a run, made by the unchanged ic.
  work = tempDir('ic-extend-work-');
  const old = (args: string[]) => spawnSync(process.execPath, [BIN, ...args], { cwd: work, encoding: 'utf8' });
  expect(old(['init']).status).toBe(0);
  expect(old(['run', 'create', '--goal=keep me']).status).toBe(0);

  const gen = spawnSync(process.execPath, ['--import', 'tsx', 'codegen/main.ts'], { cwd: repo, encoding: 'utf8' });
  expect(gen.stderr).toBe('');
  expect(gen.status).toBe(0);
  const build = spawnSync(process.execPath, ['build.mjs'], { cwd: repo, encoding: 'utf8' });
  expect(build.stderr).toBe('');
  expect(build.status).toBe(0);
}, 120_000);

describe('extending ic by editing only the spec (run_notes in schema v7)', () => {
  it('no handwritten code changed: src/ is as in the repository', () => {
    const list = (dir: string) => readdirSync(dir, { recursive: true }).map(String).sort();
    expect(list(join(repo, 'src'))).toEqual(list(join(ROOT, 'src')));
    expect(existsSync(join(repo, 'generated/commands/run/note/add.ts'))).toBe(true);
  });

  it('ic init migrates the v6 database to v7, with a backup, keeping the rows', () => {
    const dbFile = join(work, '.clavain/intercore.db');
    expect(ic(['run', 'list'])).toMatchObject({ code: 2, stdout: '' });
    expect(ic(['init'])).toEqual({ code: 0, stdout: `initialized .clavain/intercore.db (schema v${NEW_VERSION})\n`, stderr: '' });
    const db = new Database(dbFile, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(NEW_VERSION);
    expect(db.prepare('SELECT goal FROM runs').all()).toEqual([{ goal: 'keep me' }]);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name IN ('run_notes', 'idx_run_notes_run') ORDER BY name").all()).toEqual([
      { name: 'idx_run_notes_run' },
      { name: 'run_notes' },
    ]);
    db.close();
    const backups = readdirSync(join(work, '.clavain')).filter((f) => f.startsWith('intercore.db.backup-'));
    expect(backups).toHaveLength(1);
    const backup = new Database(join(work, '.clavain', backups[0]!), { readonly: true });
    expect(backup.pragma('user_version', { simple: true })).toBe(NEW_VERSION - 1);
    expect(backup.prepare('SELECT goal FROM runs').all()).toEqual([{ goal: 'keep me' }]);
    backup.close();
    expect(ic(['init'])).toEqual({ code: 0, stdout: `initialized .clavain/intercore.db (schema v${NEW_VERSION})\n`, stderr: '' });
  });

  it("the walk-through's tests pass, and so do the checks that ask for them (coverage, JSON outputs)", () => {
    const files = [
      ...BLOCKS.filter((b) => b.file?.startsWith('test/')).map((b) => b.file!),
      'test/commands/coverage.test.ts',
      'test/codegen/json-outputs.test.ts',
    ];
    expect(files).toHaveLength(5);
    const r = spawnSync(process.execPath, [join(repo, 'node_modules/vitest/vitest.mjs'), 'run', ...files], {
      cwd: repo,
      encoding: 'utf8',
      env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
    });
    expect(r.stdout + r.stderr).toMatch(/Test Files {2}5 passed \(5\)/);
    expect(r.status).toBe(0);
  }, 180_000);

  it('the wrapper is in the generated lib-intercore.sh, and works', () => {
    const lib = readFileSync(join(repo, 'lib-intercore.sh'), 'utf8');
    expect(lib).toContain('intercore_run_note_add() {');
    const run = ic(['run', 'list']).stdout.split('\t')[0]!;
    mkdirSync(join(work, 'bin'), { recursive: true });
    writeFileSync(join(work, 'bin/ic'), `#!/bin/sh\nexec "${process.execPath}" "${join(repo, 'bin/ic')}" "$@"\n`, { mode: 0o755 });
    const r = spawnSync(
      'bash',
      ['-c', `set -euo pipefail; source "${join(repo, 'lib-intercore.sh')}"; intercore_run_note_add ${run} "from a hook"`],
      {
        cwd: work,
        encoding: 'utf8',
        env: { ...process.env, PATH: `${join(work, 'bin')}:${process.env.PATH}` },
      },
    );
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^[a-z0-9]{8}\n$/);
  });

  it('AGENTS.md lists the table and the commands', () => {
    const agents = readFileSync(join(repo, 'AGENTS.md'), 'utf8');
    expect(agents).toContain('run_notes');
    expect(agents).toContain('ic run note add');
    expect(agents).toContain('ic run note list');
    expect(agents).toContain('ic run note delete');
    expect(agents).toContain('intercore_run_note_add');
  });

  it('bash completion offers the new group', () => {
    const completion = ic(['completion', 'bash']);
    expect(completion).toMatchObject({ code: 0, stderr: '' });
    expect(completion.stdout).toContain('"run note add"');
  });
});
