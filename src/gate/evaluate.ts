// The gate of a move, as Go v39 evaluates it: the tier from the priority,
// the rules by precedence (src/gate/rules.ts), the checks ic injects (a
// portfolio's children, a child's upstreams, an enforced budget, and the
// runtime evidence a sealed close gate requires on the move to done, which
// no priority and no --disable-gates passes), per-rule tiers, then a
// calibration file's hard tiers over the built-in rules. Reads only.
import type { RunsRow } from '../../generated/entities';
import { GateCheck, GateResult, GateRuleSource, GateTier } from '../../generated/values';
import type { Db } from '../db/open';
import { toJson } from '../format/json';
import { type Gate, gateTierFor, lastPhase, walkOf } from '../phase/machine';
import { runtimeEvidenceOrError } from '../phase/metadata';
import type { Calibration } from './calibration';
import { type Condition, evaluateCheck } from './conditions';
import { type Rule, selectRules } from './rules';

export interface GateOptions {
  priority: number;
  /** --disable-gates. */
  disabled: boolean;
  calibration?: Calibration;
  now: number;
}

export interface Evaluated extends Gate {
  source: GateRuleSource;
  conditions?: Condition[];
}

/** The key of a calibrated tier: "<check>:<from>→<to>". */
export const calibrationKey = (check: string, from: string, to: string): string => `${check}:${from}→${to}`;

/** Whether the move is to done, the run's last phase, under a close gate that requires runtime evidence (or one that does not read). */
export function runtimeGated(run: RunsRow, to: string): boolean {
  if (to !== 'done' || lastPhase(walkOf(run)) !== to) return false;
  const { config, error } = runtimeEvidenceOrError(run.metadata);
  return config.required || error !== undefined;
}

export function evaluateGate(db: Db, run: RunsRow, from: string, to: string, options: GateOptions): Evaluated {
  const required = runtimeGated(run, to);
  const none: Evaluated = { gate_result: GateResult.None, gate_tier: GateTier.None, source: GateRuleSource.Default };
  if (options.disabled && !required) return none;
  let tier = gateTierFor(options.priority);
  if (tier === GateTier.None) {
    if (!required) return none;
    tier = GateTier.Hard;
  }

  const selected = selectRules(db, run, from, to, options.now);
  const rules: Rule[] = selected.rules;
  let source = selected.source;
  if (run.project_dir === '') rules.push({ check: GateCheck.ChildrenAtPhase, phase: to });
  if (run.parent_run_id) rules.push({ check: GateCheck.UpstreamsAtPhase, phase: to });
  if (run.budget_enforce) rules.push({ check: GateCheck.BudgetNotExceeded });
  if (required) {
    if (!rules.some((r) => r.check === GateCheck.RuntimeEvidence)) rules.push({ check: GateCheck.RuntimeEvidence, tier: 'hard' });
    if (options.priority >= 4) source = GateRuleSource.Required;
    tier = GateTier.Hard;
  }
  if (rules.length === 0) return { gate_result: GateResult.Pass, gate_tier: tier, source };

  // A rule's own tier can only make the gate stricter.
  if (rules.some((r) => r.tier === 'hard')) tier = GateTier.Hard;
  else if (rules.some((r) => r.tier === 'soft') && tier !== GateTier.Hard) tier = GateTier.Soft;

  // A calibration file escalates the built-in rules only (a run's or a spec's rules are someone's explicit choice).
  if (selected.builtIn && options.calibration?.tiers) {
    const tiers = options.calibration.tiers;
    if (rules.some((r) => tiers.get(calibrationKey(r.check, from, to)) === 'hard')) {
      tier = GateTier.Hard;
      source = GateRuleSource.Calibrated;
    }
  }

  const input = { db, run, now: options.now, disabled: options.disabled };
  const conditions = rules.map((r) => evaluateCheck(r.check, { ...input, phase: r.phase }));
  const passed = conditions.every((c) => c.result === 'pass');
  return {
    gate_result: passed ? GateResult.Pass : GateResult.Fail,
    gate_tier: tier,
    source,
    evidence: toJson({ conditions }),
    conditions,
  };
}
