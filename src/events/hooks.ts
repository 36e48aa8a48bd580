// Shell hooks of the event bus (contract v6, 6.4): a phase event runs
// <project>/.clavain/hooks/on-phase-advance, a dispatch event
// on-dispatch-change, when that file exists, is not a directory and has an
// execute bit. Executed directly (no shell, no arguments) in the project
// directory, the envelope on stdin, stdout discarded, stderr kept for the
// report, killed after 5 s. Each starts when its event is notified; ic waits
// for all of them before it exits, so a hook never loses its input.
// child_process is loaded only when a hook runs: it costs every advance ~2 ms.
import { join } from 'node:path';
import { oneLine } from '../format/text';
import { statOrUndefined } from '../fs/stat';

export const HOOK_TIMEOUT_MS = 5000;
/** How much of a hook's stderr the failure report quotes; the rest is read and dropped. */
const STDERR_KEPT = 2048;

export const HOOK_NAMES = { phase: 'on-phase-advance', dispatch: 'on-dispatch-change' } as const;

/** The hook file if it should run: exists, not a directory, an execute bit set. */
export function hookPath(projectDir: string, name: string): string | undefined {
  const path = join(projectDir, '.clavain', 'hooks', name);
  const stat = statOrUndefined(path);
  return stat && !stat.isDirectory() && (stat.mode & 0o111) !== 0 ? path : undefined;
}

/** Runs one hook; resolves with a failure report, or undefined when it succeeded. Never rejects. */
export function runHook(path: string, name: string, cwd: string, input: string): Promise<string | undefined> {
  return new Promise((done) => {
    let stderr = '';
    let settled = false;
    let timedOut = false;
    const finish = (reason: string | undefined) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      done(reason === undefined ? undefined : `[event] hook ${name} failed: ${reason} (stderr: ${oneLine(stderr)})`);
    };
    let child;
    try {
      const { spawn } = require('node:child_process') as typeof import('node:child_process');
      // Its own process group, so the kill at the limit reaches what it started too.
      child = spawn(path, [], { cwd, stdio: ['pipe', 'ignore', 'pipe'], detached: true });
    } catch (err) {
      done(`[event] hook ${name} failed: cannot start: ${(err as Error).message} (stderr: )`);
      return;
    }
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, HOOK_TIMEOUT_MS);
    child.stderr!.on('data', (chunk: Buffer) => {
      if (stderr.length < STDERR_KEPT) stderr += chunk.toString('utf8').slice(0, STDERR_KEPT - stderr.length);
    });
    child.stdin!.on('error', () => {}); // a hook that does not read its input
    child.stdin!.end(input);
    child.once('error', (err) => finish(`cannot start: ${err.message}`));
    child.once('close', (code, signal) => {
      if (timedOut) finish(`killed after ${HOOK_TIMEOUT_MS / 1000}s`);
      else if (signal) finish(`killed by ${signal}`);
      else if (code !== 0) finish(`exit status ${code}`);
      else finish(undefined);
    });
  });
}
