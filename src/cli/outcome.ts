import type { ExitCode } from './errors';

/**
 * What a handler returns: the data its spec'd output renders, and exit 1 for
 * a silent negative (throttled, missing, paused). `text` is only for commands
 * whose spec says `text: raw` and whose text is not the data itself.
 */
export interface Outcome<D> {
  exit?: Extract<ExitCode, 0 | 1>;
  data: D;
  text?: string;
}
