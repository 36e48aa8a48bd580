// Every way a command refuses to act on a run, worded once. The wordings
// are the contract's (CONTRACT.md, CONTRACT-v6.md) or Go's where v39 added
// the command; where two commands of the original word the same refusal
// differently (gate override's "at terminal phase"), each keeps its own and
// both live here. All are exit 1 (an expected negative), but for damage.
import { ConflictError, NotFoundError } from '../cli/errors';

/** Exit 1: the run is completed, cancelled or failed, or at its chain's last phase, and cannot change. */
export class RunTerminalError extends NotFoundError {
  constructor(message: string) {
    super(message);
    this.name = 'RunTerminalError';
  }
}

/** Exit 1: the id names no run. */
export class RunNotFoundError extends NotFoundError {
  constructor(message: string) {
    super(message);
    this.name = 'RunNotFoundError';
  }
}

/** Exit 1: another move changed the run's phase between our read and our write. */
export class PhaseChangedError extends ConflictError {
  constructor(id: string, phase: string) {
    super(`phase changed: run ${id} is no longer in ${phase} (a concurrent advance moved it)`);
    this.name = 'PhaseChangedError';
  }
}

export const refusal = {
  /** run advance, status, phase, cancel, set, gate check: the v4 wording. */
  notFound: (id: string) => new RunNotFoundError(`not found: ${id}`),
  /** run skip, agent add, artifact add: Go's ErrNotFound. */
  runNotFound: () => new RunNotFoundError('run not found'),
  terminalStatus: () => new RunTerminalError('run is in a terminal status'),
  terminalPhase: () => new RunTerminalError('run is already in terminal phase'),
  /** run cancel, run set. */
  alreadyEnded: (status: string) => new RunTerminalError(`run already ${status}`),
  /** gate override (CONTRACT-v6 9). */
  overrideEnded: (status: string) => new RunTerminalError(`run is ${status}`),
  overrideAtLastPhase: () => new RunTerminalError('run is already at terminal phase'),
  /** run skip. */
  skipNotInChain: (phase: string) => new RunTerminalError(`skip: phase "${phase}" not in chain`),
  skipNotAhead: (phase: string, current: string) =>
    new RunTerminalError(`skip: phase "${phase}" is not ahead of current phase "${current}"`),
  skipLast: (phase: string) => new RunTerminalError(`skip: cannot skip terminal phase "${phase}"`),
  phaseChanged: (id: string, phase: string) => new PhaseChangedError(id, phase),
} as const;
