// The project directory a session command stores and compares. Sessions are
// keyed by (session id, project directory) as exact strings, and Clavain
// writes with one command and reads with another: `session attribute`
// (from clavain-cli, no --project: the working directory) and `session
// current --project=<the hook's cwd>`. Go's os.Getwd answers $PWD whenever
// $PWD names the working directory, so a project reached through a symbolic
// link is stored by the path the shell shows; ic does the same, or the two
// would miss each other.
import { statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { Context } from '../cli/context';

/** The working directory as Go's os.Getwd gives it: $PWD when it is absolute and names the same directory, else the real path. */
export function workingDirectory(ctx: Pick<Context, 'cwd' | 'env'>): string {
  const pwd = ctx.env.PWD;
  if (!pwd || !isAbsolute(pwd) || pwd === ctx.cwd) return ctx.cwd;
  try {
    const a = statSync(pwd);
    const b = statSync(ctx.cwd);
    if (a.dev === b.dev && a.ino === b.ino) return pwd;
  } catch {
    // $PWD names nothing: the real path.
  }
  return ctx.cwd;
}

/** A --project value as stored: absolute (relative to the working directory); default the working directory. */
export function sessionProject(ctx: Pick<Context, 'cwd' | 'env'>, project: string | undefined): string {
  const cwd = workingDirectory(ctx);
  return project ? resolve(cwd, project) : cwd;
}
