// The dispatch commands drawn for a person at a terminal (spec `output.tty`).
// A dispatch's status is as last recorded: one whose process has exited
// still reads `running` until dispatch poll (or wait) looks at it. Reading
// never writes, so at a terminal status and list say so instead. Piped,
// these commands print the contract's text (src/cli/run-command.ts decides).
import type { DispatchesRow } from '../../generated/entities';
import type { DispatchListData, DispatchStatusData } from '../../generated/types';
import { DispatchStatus, isTerminalDispatchStatus } from '../../generated/values';
import type { Context } from '../cli/context';
import { style } from '../cli/terminal';
import { ago, table } from '../format/table';
import { isOurAgent } from './identity';

const STATUS_STYLE: Record<string, (s: string) => string> = {
  spawned: style.cyan,
  running: style.cyan,
  completed: style.green,
  failed: style.red,
  timeout: style.yellow,
  cancelled: style.dim,
};

/** An active dispatch whose agent process is gone: its row still says spawned or running. */
export function exitedUnpolled(row: DispatchesRow): boolean {
  return !isTerminalDispatchStatus(row.status) && row.pid != null && isOurAgent(row.pid, row.started_at) === 'gone';
}

const pollHint = (id: string) => `its process has exited; ic dispatch poll ${id} records how it ended`;

/** dispatch list at a terminal: header, aligned columns, how long ago each was created; exited agents marked. */
export function dispatchTable(rows: DispatchListData, _text: string, ctx: Context): string {
  const now = ctx.now();
  const exited = rows.filter(exitedUnpolled);
  const cells = rows.map((r) => [
    r.id,
    (STATUS_STYLE[r.status] ?? String)(r.status) + (exited.includes(r) ? style.yellow(' (exited)') : ''),
    r.agent_type,
    r.name ?? '',
    ago(r.created_at, now),
  ]);
  const lines = [table(['ID', 'STATUS', 'TYPE', 'NAME', 'CREATED'], cells, 'no dispatches')];
  if (exited.length === 1) lines.push(style.dim(`(exited: ${pollHint(exited[0]!.id)})`));
  if (exited.length > 1) lines.push(style.dim('(exited: their processes have exited; ic dispatch poll <id> records how each ended)'));
  return lines.join('\n');
}

/** dispatch status at a terminal: the block, its status coloured, an exited agent said as such. */
export function statusPicture(row: DispatchStatusData, text: string): string {
  const status = (STATUS_STYLE[row.status] ?? String)(row.status);
  const note = exitedUnpolled(row) ? style.yellow(` (${pollHint(row.id)})`) : '';
  return text
    .split('\n')
    .map((line) => (/^Status: /.test(line) ? line.replace(row.status, status + note) : line))
    .map((line) => (row.status === DispatchStatus.Failed && /^Error: /.test(line) ? style.red(line) : line))
    .join('\n');
}
