// The text of portfolio order and status, as Go prints them (fmt widths).
import type { PortfolioOrderData, PortfolioStatusData } from '../../generated/types';

/** `<n>\t<project>` a line, numbered from 1. */
export function orderText(d: PortfolioOrderData): string {
  return (d.order ?? []).map((p, i) => `${i + 1}\t${p}`).join('\n');
}

/** Go's `%-Ns`: padded to N characters (code points), never cut. */
const pad = (s: string, n: number): string => s + ' '.repeat(Math.max(0, n - [...s].length));

const line = (project: string, phase: string, status: string, ready: string, blocked: string): string =>
  `${pad(project, 40)} ${pad(phase, 20)} ${pad(status, 12)} ${pad(ready, 6)} ${blocked}`;

/** A header, then a child a line (Go's trailing space after READY included). */
export function statusText(d: PortfolioStatusData): string {
  return [
    line('PROJECT', 'PHASE', 'STATUS', 'READY', 'BLOCKED BY'),
    ...d.map((c) => line(c.project, c.phase, c.status, c.ready ? 'yes' : 'no', (c.blocked_by ?? []).join(', '))),
  ].join('\n');
}
