// The spec-first promise: a new entity, with its table, migration, commands,
// wrapper and docs, by editing the spec alone. The repository is copied to a
// temp dir, the spec edited there as a person would, and ic regenerated and
// rebuilt there; no handwritten code is added.
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

const TABLE = `
  run_notes:
    since: 40
    description: free-text notes on a run
    columns:
      id: {type: text, primary: true, generate: id8}
      run_id: {type: text, required: true, references: runs.id}
      text: {type: text, required: true}
      created_at: {type: integer, required: true, default: now}
    indexes:
      - {name: idx_run_notes_run, columns: [run_id]}
`;
const ENTITY = `
  RunNote:
    table: run_notes
    fields: [id, run_id, text, created_at]
`;
const COMMANDS = `
  - path: run note add
    summary: Add a note to a run
    positionals:
      - {name: run_id, required: true}
    flags:
      text: {type: string, required: true}
    operation:
      kind: insert
      table: run_notes
      values: {run_id: $run_id, text: $text}
      missing_parent: run not found
    exit_codes: {1: run not found}
    output:
      text: {line: "{{id}}"}
      json: {object: {id: string}}

  - path: run note list
    summary: List a run's notes, oldest first
    positionals:
      - {name: run_id, required: true}
    operation:
      kind: list
      table: run_notes
      where:
        - {column: run_id, value: $run_id}
      order: [created_at, rowid]
    output:
      text: {rows: [id, text]}
      json: {list: RunNote}
`;
const WRAPPER = `
    - name: intercore_run_note_add
      summary: Add a note to a run and print its ID
      args: [run_id, text]
      call: {command: run note add, argv: [$run_id, --text=$text]}
      failed_returns: 1
`;

let repo: string;
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
  ]) {
    cpSync(join(ROOT, entry), join(repo, entry), { recursive: true });
  }
  symlinkSync(join(ROOT, 'node_modules'), join(repo, 'node_modules'));

  // The whole change: a domain file, its name in the root's domains, and the schema version.
  let root = readFileSync(join(repo, 'spec/intercore.yaml'), 'utf8');
  root = root.replace(/^schema_version: 39$/m, 'schema_version: 40');
  root = root.replace(/^(domains:\n(?: {2}- .+\n)+)/m, '$1  - note\n');
  writeFileSync(join(repo, 'spec/intercore.yaml'), root);
  writeFileSync(
    join(repo, 'spec/note.yaml'),
    `tables:${TABLE}\nentities:${ENTITY}\ncommands:${COMMANDS}\nwrappers:${WRAPPER.replace(/^  /gm, '')}`,
  );

  // A project with a v39 database and a run, made by the unchanged ic.
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

describe('extending ic by editing only the spec (run_notes in schema v40)', () => {
  it('no handwritten code changed: src/ is as in the repository', () => {
    const list = (dir: string) => readdirSync(dir, { recursive: true }).map(String).sort();
    expect(list(join(repo, 'src'))).toEqual(list(join(ROOT, 'src')));
    expect(existsSync(join(repo, 'generated/commands/run/note/add.ts'))).toBe(true);
  });

  it('ic init migrates the v39 database to v40, with a backup, keeping the rows', () => {
    const dbFile = join(work, '.clavain/intercore.db');
    expect(ic(['run', 'list'])).toMatchObject({ code: 2, stdout: '' });
    expect(ic(['init'])).toEqual({ code: 0, stdout: 'initialized .clavain/intercore.db (schema v40)\n', stderr: '' });
    const db = new Database(dbFile, { readonly: true });
    expect(db.pragma('user_version', { simple: true })).toBe(40);
    expect(db.prepare('SELECT goal FROM runs').all()).toEqual([{ goal: 'keep me' }]);
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name IN ('run_notes', 'idx_run_notes_run') ORDER BY name").all()).toEqual([
      { name: 'idx_run_notes_run' },
      { name: 'run_notes' },
    ]);
    db.close();
    const backups = readdirSync(join(work, '.clavain')).filter((f) => f.startsWith('intercore.db.backup-'));
    expect(backups).toHaveLength(1);
    const backup = new Database(join(work, '.clavain', backups[0]!), { readonly: true });
    expect(backup.pragma('user_version', { simple: true })).toBe(39);
    expect(backup.prepare('SELECT goal FROM runs').all()).toEqual([{ goal: 'keep me' }]);
    backup.close();
    expect(ic(['init'])).toEqual({ code: 0, stdout: 'initialized .clavain/intercore.db (schema v40)\n', stderr: '' });
  });

  it('run note add and list work, in text and --json; a missing run exits 1', () => {
    const run = ic(['run', 'list']).stdout.split('\t')[0]!;
    const add = ic(['run', 'note', 'add', run, '--text=first note']);
    expect(add).toMatchObject({ code: 0, stderr: '' });
    expect(add.stdout).toMatch(/^[a-z0-9]{8}\n$/);
    const json = ic(['--json', 'run', 'note', 'add', run, '--text=second']);
    const second = (JSON.parse(json.stdout) as { id: string }).id;
    expect(json.stdout).toBe(`{"id":"${second}"}\n`);
    expect(ic(['run', 'note', 'list', run])).toEqual({
      code: 0,
      stdout: `${add.stdout.trim()}\tfirst note\n${second}\tsecond\n`,
      stderr: '',
    });
    const list = JSON.parse(ic(['--json', 'run', 'note', 'list', run]).stdout) as Record<string, unknown>[];
    expect(Object.keys(list[0]!)).toEqual(['created_at', 'id', 'run_id', 'text']);
    expect(ic(['run', 'note', 'add', 'nosuchrun', '--text=x'])).toEqual({
      code: 1,
      stdout: '',
      stderr: 'ic: run note add: run not found\n',
    });
    expect(ic(['run', 'note', 'add', run])).toEqual({ code: 3, stdout: '', stderr: 'ic: run note add: --text is required\n' });
    expect(ic(['run', 'note', 'list', 'nosuchrun'])).toEqual({ code: 0, stdout: '', stderr: '' });
  });

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
    expect(agents).toContain('intercore_run_note_add');
  });

  it('bash completion offers the new group', () => {
    const completion = ic(['completion', 'bash']);
    expect(completion).toMatchObject({ code: 0, stderr: '' });
    expect(completion.stdout).toContain('"run note add"');
  });
});
