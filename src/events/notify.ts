// The after-commit point: once a command that notifies (spec `notify: true`:
// run advance) has committed and printed its result, the events it recorded
// go to the handlers, in order: log (--verbose), hook, auto-spawn. The
// dispatch events auto-spawn causes go through log and hook too. ic waits
// for every hook before it exits. Handler trouble is reported on stderr and
// never changes the exit code or stdout.
import { getRun } from '../../generated/db/queries/run';
import { AUTO_SPAWN_PHASE } from '../../generated/phases';
import { eventEnvelopeJson } from '../../generated/records';
import { EventType } from '../../generated/values';
import type { DbContext } from '../cli/context';
import { firstLine } from '../cli/errors';
import { envelopeOf } from './envelope';
import { HOOK_NAMES, hookPath, runHook } from './hooks';
import type { RecordedEvent } from './record';

// Auto-spawn (and the dispatch code, crypto and os behind it) is loaded only
// when a run reaches AUTO_SPAWN_PHASE.
const loadAutoSpawn = () => import('./autospawn');

function logLine(event: RecordedEvent): string {
  const e = envelopeOf(event);
  // The reason quoted, `"` and `\` escaped, control characters as escapes: one line.
  const reason = e.reason ? ` reason=${JSON.stringify(e.reason)}` : '';
  return `[event] source=${e.source} type=${e.type} run=${e.run_id} from=${e.from_state} to=${e.to_state}${reason}`;
}

export async function notifyCommitted(ctx: DbContext & { committed: RecordedEvent[] }, events: readonly RecordedEvent[]): Promise<void> {
  const hooks: Promise<string | undefined>[] = [];
  try {
    const first = events.find((e) => e.source === 'phase');
    const run = first && getRun(ctx.db, { id: first.row.run_id });
    if (!run) return;
    const deliver = (event: RecordedEvent) => {
      if (ctx.globals.verbose) ctx.stderr(logLine(event));
      const name = HOOK_NAMES[event.source];
      const path = hookPath(run.project_dir, name, ctx.stderr);
      if (path) hooks.push(runHook(path, name, run.project_dir, eventEnvelopeJson(envelopeOf(event))));
    };
    // A copy: auto-spawn appends to the command's committed events while these are delivered.
    for (const event of [...events]) {
      deliver(event);
      const e = event.row;
      if (event.source === 'phase' && e.event_type === EventType.Advance && 'to_phase' in e && e.to_phase === AUTO_SPAWN_PHASE) {
        const before = ctx.committed.length;
        await (await loadAutoSpawn()).autoSpawn(ctx, run);
        for (const caused of ctx.committed.slice(before)) deliver(caused);
      }
    }
  } catch (err) {
    ctx.stderr(`[event] handlers: ${firstLine(err)}`);
  } finally {
    for (const report of await Promise.all(hooks)) if (report) ctx.stderr(report);
  }
}
