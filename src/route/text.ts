// Text output of route list (Go's table, byte for byte).
import type { RouteListData } from '../../generated/types';
import { localDateTime } from '../format/time';

export function listText(decisions: RouteListData): string {
  if (decisions.length === 0) return 'No routing decisions found.';
  const row = (id: string, agent: string, model: string, rule: string, decided: string) =>
    `${id.padEnd(6)} ${agent.padEnd(35)} ${model.padEnd(8)} ${rule.padEnd(18)} ${decided}`;
  return [
    row('ID', 'AGENT', 'MODEL', 'RULE', 'DECIDED'),
    '-'.repeat(80),
    ...decisions.map((d) => row(String(d.id), d.agent, d.selected_model, d.rule_matched, localDateTime(d.decided_at, 'minutes'))),
  ].join('\n');
}
