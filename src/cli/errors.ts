// The errors a command can end with. The exit code is part of the error, so
// a handler says what kind of failure it is and the runner prints it the same
// way for every command: one line, `ic: <command path>: <message>`.

import { Exit } from '../../generated/values';

export type ExitCode = Exit;

export class IcError extends Error {
  constructor(
    readonly exit: Exclude<Exit, typeof Exit.Ok>,
    message: string,
  ) {
    super(message);
    this.name = 'IcError';
  }
}

/** Exit 1 with a message: an ID names nothing, a run is already terminal. */
export class NotFoundError extends IcError {
  constructor(message: string) {
    super(Exit.Negative, message);
    this.name = 'NotFoundError';
  }
}

/** Exit 2: bad payload, bad path, I/O or database trouble. */
export class FailureError extends IcError {
  constructor(message: string) {
    super(Exit.Error, message);
    this.name = 'FailureError';
  }
}

/** Exit 2, reported as `ic: cannot start: <message>`: ic itself is incomplete (the SQLite addon is missing). */
export class StartupError extends IcError {
  constructor(message: string) {
    super(Exit.Error, message);
    this.name = 'StartupError';
  }
}

/** Exit 3: the command line itself is wrong. */
export class UsageError extends IcError {
  constructor(message: string) {
    super(Exit.Usage, message);
    this.name = 'UsageError';
  }
}

/** Exit 1 with a message: the state moved under us (a concurrent writer won). */
export class ConflictError extends IcError {
  constructor(message: string) {
    super(Exit.Negative, message);
    this.name = 'ConflictError';
  }
}

/** The first line of what was thrown: a report on stderr stays one line. */
export function firstLine(err: unknown): string {
  return String((err as Error | undefined)?.message ?? err).split('\n')[0]!;
}
