// The paths `dispatch spawn` accepts (AGENTS.md, "Paths ic accepts"). A
// dispatch starts an agent that runs in --project, reads --prompt-file and
// writes --output, so each is checked for what it will be used as, before
// any row is written:
//
// * --project: an existing directory (a symlink to one is fine: the agent
//   runs there either way).
// * --prompt-file: a regular file readable now. A FIFO or device is refused
//   without opening it for a blocking read (it would hang ic or the agent).
// * --output: a path in an existing directory; not a symbolic link (the
//   agent would write wherever the link points), not a directory, and if it
//   exists, a regular file.
//
// Relative paths resolve against the working directory and are stored
// absolute. They are not confined to the working directory or the project,
// unlike --db and @file: the default output is in the temp directory, hooks
// write prompts with mktemp, and an agent may be dispatched into a sibling
// checkout. What is refused is what cannot serve its purpose, not a place.
import { closeSync, constants, fstatSync, openSync, type Stats, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { DispatchSpawnArgs } from '../../generated/types';
import { FailureError, firstLine } from '../cli/errors';
import { displayPath } from '../db/path';
import { lstatOrUndefined, statOrUndefined } from '../fs/stat';

export class DispatchPathError extends FailureError {
  constructor(flag: string, shown: string, why: string) {
    super(`${flag} ${shown}: ${why}`);
    this.name = 'DispatchPathError';
  }
}

export interface SpawnPaths {
  /** Absolute. */
  promptFile: string;
  /** Absolute. */
  project: string;
  /** Absolute, or undefined for the default (in the temp directory). */
  output?: string;
}

function why(err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'ENOENT') return 'no such file or directory';
  if (e.code === 'EACCES') return 'permission denied';
  if (e.code === 'ENOTDIR') return 'a component of the path is not a directory';
  if (e.code === 'ELOOP') return 'too many symbolic links';
  return firstLine(e);
}

function checkProject(cwd: string, flag: string | undefined): string {
  if (!flag) return cwd; // empty, as the wrapper passes an unset project: the default
  const full = resolve(cwd, flag);
  let stat: Stats;
  try {
    stat = statSync(full);
  } catch (err) {
    throw new DispatchPathError('--project', displayPath(full, cwd), why(err));
  }
  if (!stat.isDirectory()) throw new DispatchPathError('--project', displayPath(full, cwd), 'not a directory');
  return full;
}

function checkPromptFile(cwd: string, flag: string): string {
  const full = resolve(cwd, flag);
  const shown = displayPath(full, cwd);
  let stat: Stats;
  try {
    stat = statSync(full);
  } catch (err) {
    throw new DispatchPathError('--prompt-file', shown, why(err));
  }
  if (!stat.isFile()) throw new DispatchPathError('--prompt-file', shown, 'not a regular file');
  // Readable now, and still a regular file once opened (never blocks: O_NONBLOCK).
  let fd: number;
  try {
    fd = openSync(full, constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY);
  } catch (err) {
    throw new DispatchPathError('--prompt-file', shown, `cannot be read: ${why(err)}`);
  }
  try {
    if (!fstatSync(fd).isFile()) throw new DispatchPathError('--prompt-file', shown, 'not a regular file');
  } finally {
    closeSync(fd);
  }
  return full;
}

function checkOutput(cwd: string, flag: string | undefined): string | undefined {
  if (!flag) return undefined; // empty: the default
  const full = resolve(cwd, flag);
  const shown = displayPath(full, cwd);
  const parent = statOrUndefined(dirname(full));
  if (!parent) throw new DispatchPathError('--output', shown, `its directory ${displayPath(dirname(full), cwd)} does not exist`);
  if (!parent.isDirectory()) throw new DispatchPathError('--output', shown, `${displayPath(dirname(full), cwd)} is not a directory`);
  const link = lstatOrUndefined(full);
  if (link?.isSymbolicLink()) throw new DispatchPathError('--output', shown, 'is a symbolic link (the agent would write where it points)');
  if (link?.isDirectory()) throw new DispatchPathError('--output', shown, 'is a directory');
  if (link && !link.isFile()) throw new DispatchPathError('--output', shown, 'exists and is not a regular file');
  return full;
}

/** The checked, absolute paths of a spawn; a path that cannot serve is a one-line exit-2 error. */
export function checkSpawnPaths(cwd: string, args: Pick<DispatchSpawnArgs, 'prompt_file' | 'project' | 'output'>): SpawnPaths {
  return {
    promptFile: checkPromptFile(cwd, args.prompt_file),
    project: checkProject(cwd, args.project),
    output: checkOutput(cwd, args.output),
  };
}
