// Shell hooks of the event bus (contract v6, 6.4): a phase event runs
// <project>/.clavain/hooks/on-phase-advance, a dispatch event
// on-dispatch-change, when that file exists, is not a directory and has an
// execute bit, and only if it is the caller's own code: owned by the caller
// (or root), writable by nobody else, in a directory nobody else may change
// it in, and reached through no link to a file that is not (issue 31). A
// hook skipped for that is said once on stderr. Executed directly (no shell, no arguments) in the project
// directory, the envelope on stdin, stdout discarded, stderr kept for the
// report, killed after 5 s. Each starts when its event is notified; ic waits
// for all of them before it exits, so a hook never loses its input.
// child_process is loaded only when a hook runs: it costs every advance ~2 ms.
import { realpathSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { oneLine } from '../format/text';
import { lstatOrUndefined, statOrUndefined } from '../fs/stat';
import { foreign } from '../fs/trust';

export const HOOK_TIMEOUT_MS = 5000;
/** How much of a hook's stderr the failure report quotes; the rest is read and dropped. */
const STDERR_KEPT = 2048;

export const HOOK_NAMES = { phase: 'on-phase-advance', dispatch: 'on-dispatch-change' } as const;

const reported = new Set<string>();

/**
 * The file to execute for a hook, or undefined: none there, a directory, no
 * execute bit (silently: that is how a hook is switched off), or not the
 * caller's own code (said once per hook on `report`). The path returned is
 * the real one that was checked, so no link is followed between check and run.
 */
export function hookPath(projectDir: string, name: string, report: (line: string) => void = () => {}): string | undefined {
  const path = join(projectDir, '.clavain', 'hooks', name);
  const stat = statOrUndefined(path);
  if (!stat || stat.isDirectory() || (stat.mode & 0o111) === 0) return undefined;
  let real: string;
  try {
    real = realpathSync(path);
  } catch {
    return undefined;
  }
  const checks: [string, boolean][] = [
    [real, false],
    [dirname(real), true],
  ];
  // A link: the directory it is in decides where it points.
  if (real !== path) checks.push([dirname(path), true]);
  for (const [at, isDir] of checks) {
    const st = lstatOrUndefined(at);
    const why = st ? foreign(at, st, isDir) : `${at} cannot be examined`;
    if (why) {
      if (!reported.has(path)) {
        reported.add(path);
        const through = real !== path ? ` (${path} links to ${real})` : '';
        report(`[event] hook ${name} skipped: ${why}${through}; a hook runs only if you (or root) own it and nobody else may change it`);
      }
      return undefined;
    }
  }
  return real;
}

/**
 * How long ic still reads a hook's stderr once the hook has exited. A child
 * the hook left behind (a detached job) may hold the pipe open for as long
 * as it lives; ic does not wait for it.
 */
export const STDERR_GRACE_MS = 200;

/** Runs one hook; resolves with a failure report, or undefined when it succeeded. Never rejects. */
export function runHook(path: string, name: string, cwd: string, input: string): Promise<string | undefined> {
  return new Promise((done) => {
    let stderr = '';
    let settled = false;
    let timedOut = false;
    let grace: NodeJS.Timeout | undefined;
    const finish = (reason: string | undefined) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(grace);
      child.stderr?.destroy();
      done(reason === undefined ? undefined : `[event] hook ${name} failed: ${reason} (stderr: ${oneLine(stderr)})`);
    };
    let child: import('node:child_process').ChildProcess;
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
    child.stderr!.on('error', () => {});
    child.stdin!.on('error', () => {}); // a hook that does not read its input
    child.stdin!.end(input);
    child.once('error', (err) => finish(`cannot start: ${err.message}`));
    const outcome = (code: number | null, signal: NodeJS.Signals | null) => {
      if (timedOut) finish(`killed after ${HOOK_TIMEOUT_MS / 1000}s`);
      else if (signal) finish(`killed by ${signal}`);
      else if (code !== 0) finish(`exit status ${code}`);
      else finish(undefined);
    };
    // The hook's end is its process's exit; its stderr is read until it closes, or for a moment more at most.
    child.once('exit', (code, signal) => {
      grace = setTimeout(() => outcome(code, signal), STDERR_GRACE_MS);
    });
    child.once('close', outcome);
  });
}
