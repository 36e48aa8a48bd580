// Calibration signals from gate events (gate signals), as Go derives them:
//  1. every phase event after the cursor whose gate said something (result
//     other than none), per check of its evidence (one signal with an empty
//     check when the evidence names none): a block is a true positive (tp),
//     an override a false positive (fp, with its category), an advance whose
//     gate failed a false positive, one whose gate passed a true negative (tn);
//  2. a true negative becomes a false negative (fn) when a rollback (after
//     the cursor) of the same run passed back over its target phase, on the
//     default chain;
//  3. a block is dropped when a categorised false positive (an override) of
//     the same run and move exists, which already counts that event pair.
// The cursor is the largest event id read (the cursor given when none).
import { gateEventsAfter, rollbacksAfter } from '../../generated/db/queries/gate';
import { DEFAULT_CHAIN } from '../../generated/phases';
import type { GateSignalsData } from '../../generated/types';
import { EventType, GateResult, GateSignal, OverrideCategory } from '../../generated/values';
import type { Db } from '../db/open';

type Signal = GateSignalsData['signals'][number];

/** The distinct checks of an event's evidence, or [""] when it names none (the move as a whole). */
function checkTypes(reason: string | null): string[] {
  if (!reason) return [''];
  try {
    const conditions = (JSON.parse(reason) as { conditions?: unknown } | null)?.conditions;
    if (!Array.isArray(conditions)) return [''];
    const checks = [
      ...new Set(
        conditions.map((c) => (c as { check?: unknown } | null)?.check).filter((c): c is string => typeof c === 'string' && c !== ''),
      ),
    ];
    return checks.length ? checks : [''];
  } catch {
    return [''];
  }
}

/** The category an override's reason records; uncategorized for one that does not say (older overrides). */
function overrideCategory(reason: string | null): string {
  try {
    const category = (JSON.parse(reason ?? '') as { override_category?: unknown } | null)?.override_category;
    return typeof category === 'string' && category !== '' ? category : OverrideCategory.Uncategorized;
  } catch {
    return OverrideCategory.Uncategorized;
  }
}

/** Whether a phase lies in the span a rollback from `from` to `target` passed back over: after target, up to from. */
function inRolledBackSpan(phase: string, target: string, from: string): boolean {
  const t = DEFAULT_CHAIN.indexOf(target);
  const f = DEFAULT_CHAIN.indexOf(from);
  const p = DEFAULT_CHAIN.indexOf(phase);
  return t >= 0 && f >= 0 && p >= 0 && p > t && p <= f;
}

export function gateSignals(db: Db, sinceId: number): GateSignalsData {
  let cursor = sinceId;
  const signals: (Signal & { dropped?: boolean })[] = [];
  const blocks = new Map<string, number[]>();
  const negatives = new Map<string, number[]>();
  const move = (runId: string, from: string, to: string) => `${runId}:${from}→${to}`;
  for (const e of gateEventsAfter(db, { since_id: sinceId })) {
    cursor = Math.max(cursor, e.id);
    // Keys in Go's order: event_id, run_id, check_type, from_phase, to_phase, signal_type, created_at, category.
    const emit = (signal_type: GateSignal, category?: string): void => {
      for (const check_type of checkTypes(e.reason)) {
        signals.push({
          event_id: e.id,
          run_id: e.run_id,
          check_type,
          from_phase: e.from_phase,
          to_phase: e.to_phase,
          signal_type,
          created_at: e.created_at,
          ...(category && { category }),
        });
      }
    };
    const before = signals.length;
    if (e.event_type === EventType.Block) emit(GateSignal.Tp);
    else if (e.event_type === EventType.Override) emit(GateSignal.Fp, overrideCategory(e.reason));
    else if (e.event_type === EventType.Advance && e.gate_result === GateResult.Pass) emit(GateSignal.Tn);
    else if (e.event_type === EventType.Advance && e.gate_result === GateResult.Fail) emit(GateSignal.Fp);
    const added = signals.slice(before).map((_, i) => before + i);
    if (e.event_type === EventType.Block)
      blocks.set(move(e.run_id, e.from_phase, e.to_phase), [...(blocks.get(move(e.run_id, e.from_phase, e.to_phase)) ?? []), ...added]);
    if (e.event_type === EventType.Advance && e.gate_result === GateResult.Pass)
      negatives.set(e.run_id, [...(negatives.get(e.run_id) ?? []), ...added]);
  }
  if (negatives.size > 0) {
    for (const rb of rollbacksAfter(db, { since_id: sinceId })) {
      for (const i of negatives.get(rb.run_id) ?? []) {
        const s = signals[i]!;
        if (s.signal_type === GateSignal.Tn && inRolledBackSpan(s.to_phase, rb.to_phase, rb.from_phase)) s.signal_type = GateSignal.Fn;
      }
    }
  }
  const overridden = new Set(
    signals.filter((s) => s.signal_type === GateSignal.Fp && s.category).map((s) => move(s.run_id, s.from_phase, s.to_phase)),
  );
  for (const [key, indexes] of blocks) if (overridden.has(key)) for (const i of indexes) signals[i]!.dropped = true;
  return { cursor, signals: signals.filter((s) => !s.dropped).map(({ dropped: _, ...s }) => s) };
}
