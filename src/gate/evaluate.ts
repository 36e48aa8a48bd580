// The gate of a move: the rules of the spec for the pair (from, to), each
// check evaluated through the store, at the tier the priority gives.
import type { RunsRow } from '../../generated/entities';
import { GATE_RULES } from '../../generated/phases';
import { GateResult, GateTier } from '../../generated/values';
import type { Db } from '../db/open';
import { toJson } from '../format/json';
import type { Gate } from '../phase/machine';
import { CHECKS, type Condition } from './checks';

export interface Evaluated extends Gate {
  conditions?: Condition[];
}

/**
 * Tier none: result none, nothing evaluated. Otherwise the rule for the pair
 * decides: none (or one without checks), pass without evidence; else every
 * check is evaluated, pass when all pass, and the conditions are the evidence.
 */
export function evaluateGate(db: Db, run: RunsRow, from: string, to: string, tier: GateTier): Evaluated {
  if (tier === GateTier.None) return { gate_result: GateResult.None, gate_tier: GateTier.None };
  const rule = GATE_RULES.find((r) => r.from === from && r.to === to);
  if (!rule || rule.checks.length === 0) return { gate_result: GateResult.Pass, gate_tier: tier };
  const conditions = rule.checks.map((c) => CHECKS[c.check](db, run, c.phase));
  const passed = conditions.every((c) => c.result === 'pass');
  return { gate_result: passed ? GateResult.Pass : GateResult.Fail, gate_tier: tier, evidence: toJson({ conditions }), conditions };
}
