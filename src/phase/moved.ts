// What follows a run's move inside the transaction that made it (run
// advance, gate override): the one place for work that must commit with the
// move or not at all. A domain that must react to "the run advanced" (a
// goal's activity, say) adds its step here; it runs after the phase row and
// the event are written, and a throw rolls the whole move back.
import type { RunsRow } from '../../generated/entities';
import type { EventType } from '../../generated/values';
import type { Tx } from '../db/transaction';

/** The move just written: the run as read before it, and where it went. */
export interface Move {
  run: RunsRow;
  from_phase: string;
  to_phase: string;
  event_type: EventType;
  /** The move reached the chain's last phase: the run is completed. */
  completed: boolean;
}

export function afterMove(_tx: Tx, _move: Move): void {
  // Nothing yet: the goal family (issue 27) records the goal's activity here.
}
