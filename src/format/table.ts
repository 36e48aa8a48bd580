// Text drawn for a person at a terminal (spec `output.tty` renderers): aligned
// columns under a header, and times as how long ago. Only renderers load this.
import { style, visibleLength } from '../cli/terminal';

/** Rows of cells as aligned columns, two spaces apart; the last column is not padded. */
export function alignColumns(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, visibleLength(cell))));
  return rows.map((row) =>
    row
      .map((cell, i) => (i === row.length - 1 ? cell : cell + ' '.repeat(widths[i]! - visibleLength(cell))))
      .join('  ')
      .trimEnd(),
  );
}

/** A table: the header in bold over the rows, aligned; `empty` (dimmed) when there are no rows. */
export function table(header: readonly string[], rows: readonly (readonly string[])[], empty: string): string {
  if (rows.length === 0) return style.dim(empty);
  return alignColumns([header.map(style.bold), ...rows]).join('\n');
}

/** How long ago unixSeconds was, roughly: `12s ago`, `3m ago`, `5h ago`, `2d ago` (`in 3m` ahead); unset prints `-`. */
export function ago(unixSeconds: number | null | undefined, nowSeconds: number): string {
  if (unixSeconds === null || unixSeconds === undefined) return '-';
  const d = nowSeconds - unixSeconds;
  const a = Math.abs(d);
  const amount =
    a < 60 ? `${a}s` : a < 3600 ? `${Math.floor(a / 60)}m` : a < 86400 ? `${Math.floor(a / 3600)}h` : `${Math.floor(a / 86400)}d`;
  return d >= 0 ? `${amount} ago` : `in ${amount}`;
}
