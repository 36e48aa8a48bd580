// goal audit: the defects of each goal, in one pass over the goals by id.
// A goal may have several (an expired lease can also be dormant).
import type { AuditGoalsRow } from '../../generated/db/queries/goal';
import type { GoalAuditData } from '../../generated/types';
import { GoalStatus } from '../../generated/values';

export type Defect = GoalAuditData[number];

/** The defects, in Go's order for each goal: closed_without_successor, stuck_closing, dormant. */
export function auditDefects(goals: readonly AuditGoalsRow[], now: number, dormantAfter: number): Defect[] {
  const defects: Defect[] = [];
  for (const g of goals) {
    const defect = (kind: string, detail: string) => defects.push({ goal_id: g.id, title: g.title, kind, detail });
    if (g.status === GoalStatus.Closed && g.successor_ref === null)
      defect('closed_without_successor', 'goal closed with no successor_ref recorded');
    if (g.status === GoalStatus.Closing && g.lease_expires_at !== null && g.lease_expires_at < now) {
      defect('stuck_closing', `close lease expired ${now - g.lease_expires_at}s ago`);
    }
    if ((g.status === GoalStatus.Open || g.status === GoalStatus.Closing) && now - g.last_activity > dormantAfter) {
      defect('dormant', `no attached-run advance for ${now - g.last_activity}s`);
    }
  }
  return defects;
}
