// stat and lstat that answer undefined instead of throwing, for the checks
// that treat a path which is missing (or cannot be looked at) as not there.
import { type Stats, lstatSync, statSync } from 'node:fs';

/** What the path is, following links; undefined when it cannot be stat'ed. */
export function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/** What the path itself is (a link as a link); undefined when it cannot be lstat'ed. */
export function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

/** Whether the path is a regular file, or a link to one. */
export const isRegularFile = (path: string): boolean => statOrUndefined(path)?.isFile() === true;
