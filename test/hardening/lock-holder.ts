// Child processes for the contention and crash suites: one that holds the
// database's write lock, and a helper to run many ic processes at once.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { BIN, ROOT, type IcResult } from '../helpers';

/**
 * Starts a process that takes the write lock (BEGIN IMMEDIATE) and keeps it
 * until `release()` (or until it is killed). Resolves once the lock is held.
 */
export async function holdWriteLock(dbPath: string): Promise<{ child: ChildProcess; release(): Promise<void> }> {
  const script = `
    const Database = require(${JSON.stringify(join(ROOT, 'node_modules/better-sqlite3'))});
    const db = new Database(process.argv[1]);
    db.exec('BEGIN IMMEDIATE');
    db.prepare("INSERT INTO state (key, scope_id, payload) VALUES ('holder', 'x', '1')").run();
    process.stdout.write('held\\n');
    process.stdin.on('data', () => { db.exec('ROLLBACK'); db.close(); process.stdout.write('released\\n'); process.exit(0); });
  `;
  const child = spawn(process.execPath, ['-e', script, dbPath], { stdio: ['pipe', 'pipe', 'inherit'] });
  let out = '';
  await new Promise<void>((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += d;
      if (out.includes('held\n')) resolve();
    });
    child.on('exit', (code) => reject(new Error(`lock holder exited early (${code})`)));
  });
  return {
    child,
    release: () =>
      new Promise<void>((resolve) => {
        child.removeAllListeners('exit');
        child.on('exit', () => resolve());
        child.stdin!.write('go\n');
      }),
  };
}

export interface Invocation {
  args: string[];
  stdin?: string;
  /** Write stdin only after this long (the child reads a pipe with nothing in it yet). */
  stdinDelayMs?: number;
}

/** Runs one ic process; resolves when it has exited. */
export function icChild(inv: Invocation, cwd: string): { child: ChildProcess; done: Promise<IcResult> } {
  const child = spawn(process.execPath, [BIN, ...inv.args], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (d) => (stdout += d));
  child.stderr!.on('data', (d) => (stderr += d));
  child.stdin!.on('error', () => {}); // a killed child may close stdin before we write
  if (inv.stdinDelayMs) setTimeout(() => child.stdin!.end(inv.stdin ?? ''), inv.stdinDelayMs);
  else child.stdin!.end(inv.stdin ?? '');
  const done = new Promise<IcResult>((resolve) =>
    child.on('close', (code, signal) => resolve({ code: code ?? (signal ? -1 : -2), stdout, stderr })),
  );
  return { child, done };
}

/** Starts all invocations at once; resolves with their results in order. */
export function runAll(invocations: Invocation[], cwd: string): Promise<IcResult[]> {
  return Promise.all(invocations.map((inv) => icChild(inv, cwd).done));
}
