// The after-commit point: once a command that notifies (spec `notify: true`)
// has committed and printed its result, the events it recorded go to the
// handlers, in order: log (--verbose). Handler trouble is reported on stderr
// and never changes the exit code or stdout.
import type { Context } from '../cli/context';
import type { RecordedEvent } from './record';

/** `"` and `\` escaped, control characters as escapes: the reason stays on one line. */
function quoted(text: string): string {
  return JSON.stringify(text);
}

function logLine(event: RecordedEvent): string {
  const e = event.row;
  const reason = e.reason ? ` reason=${quoted(e.reason)}` : '';
  return `[event] source=${event.source} type=${e.event_type} run=${e.run_id} from=${e.from_phase} to=${e.to_phase}${reason}`;
}

export async function notifyCommitted(ctx: Context, events: readonly RecordedEvent[]): Promise<void> {
  for (const event of events) {
    if (ctx.globals.verbose) ctx.stderr(logLine(event));
  }
}
