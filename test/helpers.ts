// Shared test fixtures: a temp project directory per test, ic run in-process
// (fast, same code as the bundle) or as the built ./bin/ic (for concurrency
// and for what only a real process shows), and direct access to the DB.
import Database from 'better-sqlite3';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Writable } from 'node:stream';
import { afterEach } from 'vitest';
import { COMMANDS, main } from '../generated/cli';
import { type JsonSchema, validate } from './json-schema';

export const ROOT = resolve(__dirname, '..');
export const BIN = join(ROOT, 'bin/ic');

export interface IcResult {
  code: number;
  stdout: string;
  stderr: string;
}

class Collect extends Writable {
  text = '';
  override _write(chunk: Buffer | string, _enc: string, done: () => void) {
    this.text += chunk.toString();
    done();
  }
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

export interface Project {
  dir: string;
  dbPath: string;
  /** ic in this process, with this directory as the working directory. */
  ic(args: string[], options?: { stdin?: string; cwd?: string }): Promise<IcResult>;
  /** The built ./bin/ic as a child process. */
  icProcess(args: string[], options?: { stdin?: string; cwd?: string; env?: NodeJS.ProcessEnv }): IcResult;
  /** Opens the project database directly (closed after the test). */
  db(): Database.Database;
}

export function tempDir(prefix = 'ic-test-'): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/**
 * Every --json answer a test gets is held to the command's generated JSON
 * Schema (generated/schemas/<path>.json): a test that runs a command with
 * --json checks its output's shape, whatever else it asserts.
 */
export function checkJsonOutput(args: readonly string[], r: IcResult): void {
  if (!args.includes('--json') || (r.code !== 0 && r.code !== 1) || r.stdout === '') return;
  const words = args.filter((a) => !a.startsWith('-'));
  const command = [...COMMANDS].sort((a, b) => b.words.length - a.words.length).find((c) => c.words.every((w, i) => words[i] === w));
  if (!command) return;
  const file = join(ROOT, 'generated/schemas', `${command.path.replace(/ /g, '-')}.json`);
  if (!existsSync(file)) return;
  const schema = JSON.parse(readFileSync(file, 'utf8')) as JsonSchema;
  const problems = validate(schema, JSON.parse(r.stdout));
  if (problems.length) throw new Error(`ic ${command.path} --json does not match its schema: ${problems.join('; ')}\n${r.stdout}`);
}

export async function runIc(args: string[], cwd: string, stdin = ''): Promise<IcResult> {
  return runIcWith(args, cwd, { stdin });
}

/**
 * ic in this process with an environment of its own (laid over the test's)
 * and, with `terminal`, stdout and stderr taken for terminals.
 */
export async function runIcWith(
  args: string[],
  cwd: string,
  options: { stdin?: string; env?: NodeJS.ProcessEnv; terminal?: boolean } = {},
): Promise<IcResult> {
  const stdout = new Collect();
  const stderr = new Collect();
  const code = await main(args, {
    stdout,
    stderr,
    cwd,
    readStdin: () => options.stdin ?? '',
    ...(options.env ? { env: { ...process.env, ...options.env } } : {}),
    ...(options.terminal ? { isTerminal: () => true } : {}),
  });
  const r = { code, stdout: stdout.text, stderr: stderr.text };
  checkJsonOutput(args, r);
  return r;
}

export function runIcProcess(args: string[], cwd: string, stdin = '', env: NodeJS.ProcessEnv = {}): IcResult {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, input: stdin, encoding: 'utf8', env: { ...process.env, ...env } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

export interface TimedIcResult extends IcResult {
  /** performance.now() when the process was spawned, and when it closed. */
  startedMs: number;
  exitedMs: number;
}

/** Starts n copies of ic at once, noting when each started and ended; resolves when all have exited. */
export function runIcConcurrentlyTimed(n: number, args: string[], cwd: string): Promise<TimedIcResult[]> {
  return Promise.all(
    Array.from(
      { length: n },
      () =>
        new Promise<TimedIcResult>((done) => {
          const startedMs = performance.now();
          const child = spawn(process.execPath, [BIN, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
          let stdout = '';
          let stderr = '';
          child.stdout.on('data', (d) => (stdout += d));
          child.stderr.on('data', (d) => (stderr += d));
          child.on('close', (code) => done({ code: code ?? -1, stdout, stderr, startedMs, exitedMs: performance.now() }));
        }),
    ),
  );
}

/** Starts n copies of ic at once; resolves when all have exited. */
export async function runIcConcurrently(n: number, args: string[], cwd: string): Promise<IcResult[]> {
  return (await runIcConcurrentlyTimed(n, args, cwd)).map(({ code, stdout, stderr }) => ({ code, stdout, stderr }));
}

export async function project(options: { init?: boolean } = {}): Promise<Project> {
  const dir = tempDir();
  const dbPath = join(dir, '.clavain/intercore.db');
  const p: Project = {
    dir,
    dbPath,
    ic: (args, o = {}) => runIc(args, o.cwd ?? dir, o.stdin ?? ''),
    icProcess: (args, o = {}) => runIcProcess(args, o.cwd ?? dir, o.stdin ?? '', o.env),
    db() {
      const db = new Database(dbPath);
      cleanups.push(() => db.close());
      return db;
    },
  };
  if (options.init !== false) {
    const r = await p.ic(['init']);
    if (r.code !== 0) throw new Error(`ic init failed: ${r.stderr}`);
  }
  return p;
}

/** Whole seconds as Go prints a duration: 1h2m5s, 1m5s, 0s, -59m59s. */
export function goSeconds(total: number): string {
  const sign = total < 0 ? '-' : '';
  const s = Math.abs(total);
  const [h, m, r] = [Math.floor(s / 3600), Math.floor((s % 3600) / 60), s % 60];
  return `${sign}${h ? `${h}h${m}m` : m ? `${m}m` : ''}${r}s`;
}

/**
 * The ages ic can print for something created at `created` (Unix seconds)
 * when it reads its clock at any moment between beforeMs and afterMs: a test
 * reads the window, not a second of slack, so a slow machine cannot fail it.
 * `since` is Go's time.Since truncated to seconds (toward zero); `whole` is
 * the whole seconds of now minus created (the lock library's, rounding a
 * future age down).
 */
export function agesBetween(created: number, beforeMs: number, afterMs: number, rounding: 'since' | 'whole' = 'since'): string[] {
  const seconds = (ms: number) => (rounding === 'since' ? Math.trunc((ms - created * 1000) / 1000) : Math.floor(ms / 1000) - created);
  return Array.from({ length: seconds(afterMs) - seconds(beforeMs) + 1 }, (_, i) => goSeconds(seconds(beforeMs) + i));
}
