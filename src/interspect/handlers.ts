// interspect record and query: evidence about agents (overrides,
// corrections), kept as interspect events on the bus (src/events/ingest.ts).
import { listInterspectEvents } from '../../generated/db/queries/events';
import type { InterspectEvent } from '../../generated/records';
import type { InterspectQueryArgs, InterspectQueryData, InterspectRecordArgs, InterspectRecordData } from '../../generated/types';
import type { DbContext } from '../cli/context';
import { UsageError } from '../cli/errors';
import type { RecordStream } from '../cli/output';
import { checkText, recordInterspect } from '../events/ingest';
import { rfc3339Local } from '../format/time';

/** --limit 0 or less. */
const MAX_ROWS = 1000;

export function record(ctx: DbContext, args: InterspectRecordArgs): InterspectRecordData {
  if (!args.agent) throw new UsageError('--agent is required');
  if (!args.type) throw new UsageError('--type is required');
  checkText(args.reason);
  checkText(args.context);
  // Stored as given: Go applies no defaults here (events record does).
  const origin = { run: args.run ?? '', session: args.session ?? '', project: args.project ?? '' };
  const id = recordInterspect(
    ctx,
    { agent: args.agent, type: args.type, reason: args.reason ?? '', context: args.context ?? '', key: undefined },
    origin,
  );
  return { id };
}

export function query(ctx: DbContext, args: InterspectQueryArgs, out: RecordStream<InterspectEvent>): InterspectQueryData {
  const rows = listInterspectEvents(ctx.db, {
    agent_name: args.agent ?? '',
    since: args.since,
    limit: args.limit > 0 ? args.limit : MAX_ROWS,
  });
  for (const e of rows) {
    const line: InterspectEvent = {
      id: e.id,
      run_id: e.run_id ?? undefined,
      agent_name: e.agent_name,
      event_type: e.event_type,
      override_reason: e.override_reason ?? undefined,
      context_json: e.context_json ?? undefined,
      session_id: e.session_id ?? undefined,
      project_dir: e.project_dir ?? undefined,
      timestamp: rfc3339Local(e.created_at),
    };
    if (!out.write(line)) return;
  }
}
