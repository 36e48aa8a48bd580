// An event of either source as the envelope the bus prints and hooks read.
import type { EventEnvelope } from '../../generated/records';
import { rfc3339Local } from '../format/time';
import type { RecordedEvent } from './record';

export function envelopeOf(event: RecordedEvent): EventEnvelope {
  const base = { id: event.row.id, timestamp: rfc3339Local(event.row.created_at), reason: event.row.reason ?? undefined };
  if (event.source === 'phase') {
    const e = event.row;
    return { ...base, run_id: e.run_id, source: 'phase', type: e.event_type, from_state: e.from_phase, to_state: e.to_phase };
  }
  const e = event.row;
  return { ...base, run_id: e.run_id ?? '', source: 'dispatch', type: e.event_type, from_state: e.from_status, to_state: e.to_status };
}
