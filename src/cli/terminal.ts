// Whether a human is watching, and what they take. stdout is drawn for the
// eye (spec `output.tty`) when it is a terminal and TERM is not dumb, or
// with --color=always; otherwise a command prints the contract's text, byte
// for byte. Colour is a separate question: --color=never, or NO_COLOR under
// --color=auto, keeps the drawing and drops only its escape codes. stderr
// keeps a status line (spec `progress`) when it is a terminal and TERM is
// not dumb; stdin at a terminal means a person would type the input.
import { fstatSync, statSync } from 'node:fs';

/** ANSI styles; stripped (stripStyles) when colour is off. */
export const style = {
  bold: (s: string) => `\x1b[1m${s}\x1b[22m`,
  dim: (s: string) => `\x1b[2m${s}\x1b[22m`,
  green: (s: string) => `\x1b[32m${s}\x1b[39m`,
  yellow: (s: string) => `\x1b[33m${s}\x1b[39m`,
  red: (s: string) => `\x1b[31m${s}\x1b[39m`,
  cyan: (s: string) => `\x1b[36m${s}\x1b[39m`,
};

const STYLES = /\x1b\[[0-9;]*m/g;

/** Text as wide as it shows: without ANSI styles. */
export const visibleLength = (s: string) => s.replace(STYLES, '').length;

/** Text without its ANSI styles. */
export const stripStyles = (s: string) => s.replace(STYLES, '');

/**
 * Whether fd is a terminal, cheaply: a pipe or file is told by one fstat,
 * /dev/null (where hooks send what they do not read) by one stat more; only
 * another character device pays for node:tty, which loads net and the
 * streams (~15 ms).
 */
export function isTerminalFd(fd: number): boolean {
  try {
    const st = fstatSync(fd);
    if (!st.isCharacterDevice()) return false;
    if (st.rdev === statSync('/dev/null').rdev) return false;
  } catch {
    return false;
  }
  return (require('node:tty') as typeof import('node:tty')).isatty(fd);
}

export type ColorMode = 'auto' | 'always' | 'never';

/** What the person at the other end takes; each answer is worked out on first use (an fstat at most). */
export interface Display {
  /** stdout is drawn for the eye (spec output.tty): a terminal, TERM not dumb; or --color=always. */
  readonly stdout: boolean;
  /** stderr is a terminal (TERM not dumb): a status line can be kept there, a hint is read. */
  readonly stderr: boolean;
  /** stdin is a terminal: input would be typed by a person. */
  readonly stdin: boolean;
  /** What is drawn keeps its styles: --color=always, or auto without NO_COLOR. */
  readonly color: boolean;
  /** How wide the terminal is: $COLUMNS, else the terminal's own width, else 80. */
  readonly columns: number;
}

export function display(env: NodeJS.ProcessEnv, isTerminal: ((fd: 0 | 1 | 2) => boolean) | undefined, color: ColorMode = 'auto'): Display {
  const seen = new Map<0 | 1 | 2, boolean>();
  const at = (fd: 0 | 1 | 2) => {
    let yes = seen.get(fd);
    if (yes === undefined) seen.set(fd, (yes = !!isTerminal && env.TERM !== 'dumb' && isTerminal(fd)));
    return yes;
  };
  return {
    get stdout() {
      return color === 'always' || at(1);
    },
    get stderr() {
      return at(2);
    },
    get stdin() {
      return !!isTerminal && isTerminal(0);
    },
    get color() {
      return color === 'always' || (color === 'auto' && (env.NO_COLOR === undefined || env.NO_COLOR === ''));
    },
    get columns() {
      const fromEnv = Number(env.COLUMNS);
      if (Number.isInteger(fromEnv) && fromEnv > 0) return fromEnv;
      return (at(1) && process.stdout.columns) || 80;
    },
  };
}
