// gate check (a dry run of the gate run advance would meet), gate override
// (the move without the gate, in one transaction) and gate rules (the spec's
// table, no database).
import { GATE_RULES } from '../../generated/phases';
import type { GateCheckArgs, GateCheckData, GateOverrideArgs, GateOverrideData, GateRulesArgs, GateRulesData } from '../../generated/types';
import { EventType, GateResult, GateTier } from '../../generated/values';
import type { Context, DbContext } from '../cli/context';
import { readTransaction } from '../db/transaction';
import { recordPhaseEvent } from '../events/record';
import { gateTierFor, targetOf, walkOf } from '../phase/machine';
import { moveRun, mustGetRun, nextMove, skippedPhases } from '../phase/handlers';
import { refusal } from '../phase/refusals';
import { evaluateGate } from './evaluate';

export function check(ctx: DbContext, args: GateCheckArgs): GateCheckData {
  return readTransaction(ctx.db, () => {
    const run = mustGetRun(ctx.db, args.id);
    const target = nextMove(ctx.db, run, walkOf(run));
    const gate = evaluateGate(ctx.db, run, target.from_phase, target.to_phase, gateTierFor(args.priority));
    return {
      ...(gate.conditions && { evidence: { conditions: gate.conditions } }),
      from_phase: target.from_phase,
      result: gate.gate_result,
      run_id: run.id,
      tier: gate.gate_tier,
      to_phase: target.to_phase,
    };
  });
}

export function override(ctx: DbContext, args: GateOverrideArgs): GateOverrideData {
  return ctx.write((tx) => {
    const run = mustGetRun(tx.db, args.id);
    const walk = walkOf(run);
    const target = targetOf(run, walk, skippedPhases(tx.db, run.id));
    if (target.kind === 'terminal_status') throw refusal.overrideEnded(run.status);
    if (target.kind === 'terminal_phase') throw refusal.overrideAtLastPhase();
    const { from_phase, to_phase } = target;
    moveRun(tx, run, walk, from_phase, to_phase);
    const event = { from_phase, to_phase, event_type: EventType.Override, gate_result: GateResult.Fail, gate_tier: GateTier.Hard };
    recordPhaseEvent(tx, { run_id: run.id, ...event, reason: args.reason });
    return { from_phase, reason: args.reason, to_phase };
  });
}

export function rules(_ctx: Context, args: GateRulesArgs): GateRulesData {
  return GATE_RULES.filter((r) => args.phase === undefined || r.from === args.phase).map((r) => ({
    checks: r.checks.map((c) => ({ check: c.check, ...(c.phase !== undefined && { phase: c.phase }) })),
    from: r.from,
    to: r.to,
  }));
}
