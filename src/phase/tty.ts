// The run commands drawn for a person at a terminal (spec `output.tty`):
// `run status` adds the run's chain (wrapped between phases) and the gate of
// its last move; `run list` and `run events` align their columns under a
// header (events with how long ago). Piped, these commands print the
// contract's text instead (src/cli/run-command.ts decides).
import { runEvents } from '../../generated/db/queries/run';
import type { RunsRow } from '../../generated/entities';
import type { RunEventsData, RunListData, RunStatusData } from '../../generated/types';
import { EventType, RunStatus } from '../../generated/values';
import type { Context, DbContext } from '../cli/context';
import { blockLine } from '../cli/format';
import { style, visibleLength } from '../cli/terminal';
import { ago, table } from '../format/table';
import { walkOf } from './machine';

/** Events that move a run (or try to): the last of them is "the last move". */
const MOVES: readonly string[] = [EventType.Advance, EventType.Skip, EventType.Override, EventType.Block, EventType.Pause];

export type PhaseMark = 'walked' | 'current' | 'skipped' | 'ahead';

/**
 * Each phase of the run's chain and what it is to the run: walked (the run
 * was in it), current, skipped (passed over: marked with run skip), or ahead.
 */
export function chainMarks(run: RunsRow, events: readonly { from_phase: string; to_phase: string; event_type: string }[]) {
  const walk = walkOf(run);
  const visited = new Set<string>([walk.chain[0]!]);
  const marked = new Set<string>();
  events.forEach((e, i) => {
    // A skip event is a move (v6's complexity walks passed phases) or a mark (`run skip`, the run stays): after a move the run is in to_phase.
    const next = events[i + 1]?.from_phase ?? run.phase;
    const moved =
      e.event_type === EventType.Advance ||
      e.event_type === EventType.Override ||
      (e.event_type === EventType.Skip && next === e.to_phase && next !== e.from_phase);
    if (moved) visited.add(e.from_phase).add(e.to_phase);
    else if (e.event_type === EventType.Skip) marked.add(e.to_phase);
  });
  const at = walk.chain.indexOf(run.phase);
  return walk.chain.map((phase, i): { phase: string; mark: PhaseMark } => {
    if (i === at) return { phase, mark: 'current' };
    if (i < at) return { phase, mark: visited.has(phase) ? 'walked' : 'skipped' };
    return { phase, mark: marked.has(phase) ? 'skipped' : 'ahead' };
  });
}

const SYMBOL: Record<PhaseMark, (phase: string, run: RunsRow) => string> = {
  walked: (p) => style.green(`✓ ${p}`),
  current: (p, run) =>
    run.status === RunStatus.Completed
      ? style.bold(style.green(`✓ ${p}`))
      : run.status === RunStatus.Active
        ? style.bold(style.cyan(`● ${p}`))
        : style.bold(style.red(`✗ ${p}`)),
  skipped: (p) => style.dim(`⊘ ${p}`),
  ahead: (p) => `○ ${p}`,
};

function gateWords(e: { gate_result?: string | null; gate_tier?: string | null; reason?: string | null }): string {
  const result = e.gate_result ?? 'none';
  const colour = result === 'pass' ? style.green : result === 'fail' ? style.red : result === 'warn' ? style.yellow : style.dim;
  const parts = [`gate ${colour(result)}`];
  if (e.gate_tier && e.gate_tier !== 'none') parts.push(`tier ${e.gate_tier}`);
  if (e.reason) parts.push(e.reason);
  return parts.join(', ');
}

const CHAIN_INDENT = 12;

/**
 * The chain's phases on lines no wider than `columns`, broken only between
 * two phases (the arrow ends the line it follows); each line after the first
 * indented under the first phase. A phase wider than a line stands alone.
 */
export function wrapChain(items: readonly string[], columns: number): string[] {
  const lines: string[] = [];
  let line = '';
  items.forEach((item, i) => {
    const piece = i < items.length - 1 ? `${item}${style.dim(' ›')}` : item;
    if (line !== '' && CHAIN_INDENT + visibleLength(line) + 1 + visibleLength(piece) > columns) {
      lines.push(line);
      line = '';
    }
    line = line === '' ? piece : `${line} ${piece}`;
  });
  if (line !== '') lines.push(line);
  return lines;
}

/** run status at a terminal: the block, then the chain (wrapped between phases to the terminal's width) and the gate of the last move. */
export function chainPicture(run: RunStatusData, text: string, ctx: DbContext): string {
  const events = runEvents(ctx.db, { id: run.id });
  const chain = wrapChain(
    chainMarks(run, events).map(({ phase, mark }) => SYMBOL[mark](phase, run)),
    ctx.display.columns,
  ).join('\n' + ' '.repeat(CHAIN_INDENT));
  const lines = [text, blockLine('Chain', CHAIN_INDENT, chain)];
  const last = [...events].reverse().find((e) => MOVES.includes(e.event_type));
  if (last) {
    const move = last.from_phase === last.to_phase ? last.to_phase : `${last.from_phase} → ${last.to_phase}`;
    lines.push(blockLine('Last move', 12, `${last.event_type} ${move}: ${gateWords(last)}`));
  }
  return lines.join('\n');
}

const STATUS_STYLE: Record<string, (s: string) => string> = {
  active: style.cyan,
  completed: style.green,
  cancelled: style.dim,
  failed: style.red,
};

/** run list at a terminal: a header and aligned columns, statuses in colour; "no runs" when there are none. */
export function runTable(rows: RunListData): string {
  const cells = rows.map((r) => [r.id, (STATUS_STYLE[r.status] ?? String)(r.status), r.phase, r.goal ?? '']);
  return table(['ID', 'STATUS', 'PHASE', 'GOAL'], cells, 'no runs');
}

const GATE_STYLE: Record<string, (s: string) => string> = { pass: style.green, fail: style.red, warn: style.yellow };

/** run events at a terminal: when (how long ago), the move, the event, its gate and reason, under a header. */
export function eventTable(rows: RunEventsData, _text: string, ctx: Context): string {
  const now = ctx.now();
  const cells = rows.map((e) => [
    ago(e.created_at, now),
    `${e.from_phase} → ${e.to_phase}`,
    e.event_type,
    e.gate_result ? (GATE_STYLE[e.gate_result] ?? String)(e.gate_result) : '',
    e.reason ?? '',
  ]);
  return table(['WHEN', 'MOVE', 'EVENT', 'GATE', 'REASON'], cells, 'no events');
}
