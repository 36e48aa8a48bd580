// Text output of the landed commands (Go's, byte for byte; its maps in key order).
import type { LandedListData, LandedRecordData, LandedRevertData, LandedSummaryData } from '../../generated/types';
import { localDateTime } from '../format/time';

const short = (s: string) => s.slice(0, 12);

export function recordText(r: LandedRecordData): string {
  return `Recorded landed change: ${short(r.commit_sha)} (id=${r.id})`;
}

export function revertText(r: LandedRevertData): string {
  return `Marked ${short(r.commit)} as reverted by ${short(r.reverted_by)}`;
}

/** `[landed] sha12  project[ bead=b][ [REVERTED]]` a change, a blank line and the count; none: "No landed changes found.". */
export function listText(changes: LandedListData): string {
  if (changes.length === 0) return 'No landed changes found.';
  const lines = changes.map((c) => {
    const bead = c.bead_id !== null ? ` bead=${c.bead_id}` : '';
    const reverted = c.reverted_at !== null ? ' [REVERTED]' : '';
    return `[${localDateTime(c.landed_at, 'minutes')}] ${short(c.commit_sha)}  ${c.project_dir}${bead}${reverted}`;
  });
  return `${lines.join('\n')}\n\n${changes.length} landed change(s)`;
}

export function summaryText(s: LandedSummaryData): string {
  const lines = [
    'Landed Changes Summary',
    '══════════════════════',
    `  Total:      ${s.total}`,
    `  Reverted:   ${s.reverted}`,
    `  Active:     ${s.total - s.reverted}`,
  ];
  if (s.first_landing) {
    lines.push(`  First:      ${localDateTime(s.first_landing, 'minutes')}`);
    lines.push(`  Last:       ${localDateTime(s.last_landing!, 'minutes')}`);
  }
  const counts = (title: string, map: unknown, key: (k: string) => string) => {
    const entries = Object.entries((map ?? {}) as Record<string, number>);
    if (entries.length === 0) return;
    lines.push('', `  ${title} (${entries.length}):`);
    for (const [k, n] of entries) lines.push(`    ${key(k).padEnd(20)} ${n} commits`);
  };
  counts('By Bead', s.by_bead, (k) => k);
  counts('By Run', s.by_run, short);
  return lines.join('\n');
}
