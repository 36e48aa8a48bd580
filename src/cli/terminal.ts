// Whether a human is watching: stdout (or stderr) is a terminal, NO_COLOR is
// unset and TERM is not dumb. Then a command may draw its text for the eye
// (spec `output.tty`) and report progress on stderr (spec `progress`);
// otherwise its output is the contract's text, byte for byte.
import { fstatSync } from 'node:fs';

/** ANSI styles, used only when terminal() said yes. */
export const style = {
  bold: (s: string) => `\x1b[1m${s}\x1b[22m`,
  dim: (s: string) => `\x1b[2m${s}\x1b[22m`,
  green: (s: string) => `\x1b[32m${s}\x1b[39m`,
  yellow: (s: string) => `\x1b[33m${s}\x1b[39m`,
  red: (s: string) => `\x1b[31m${s}\x1b[39m`,
  cyan: (s: string) => `\x1b[36m${s}\x1b[39m`,
};

/** Text as wide as it shows: without ANSI styles. */
export const visibleLength = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '').length;

/**
 * Whether fd is a terminal, cheaply: a pipe or file is told by one fstat;
 * only a character device (a terminal, or /dev/null) pays for node:tty.
 */
export function isTerminalFd(fd: number): boolean {
  try {
    if (!fstatSync(fd).isCharacterDevice()) return false;
  } catch {
    return false;
  }
  return (require('node:tty') as typeof import('node:tty')).isatty(fd);
}

/** Whether output on fd is for a person at a terminal who takes styles. */
export function terminal(env: NodeJS.ProcessEnv, isTerminal: ((fd: 1 | 2) => boolean) | undefined, fd: 1 | 2): boolean {
  if (!isTerminal) return false;
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.TERM === 'dumb') return false;
  return isTerminal(fd);
}
