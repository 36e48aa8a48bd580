// gate check (a dry run of the gate run advance would meet), gate override
// (the move without the gate, in one transaction), gate rules (the built-in
// table, or a run's own rules) and gate signals (calibration signals).
import { getRun } from '../../generated/db/queries/run';
import type { RunsRow } from '../../generated/entities';
import type {
  GateCheckArgs,
  GateCheckData,
  GateOverrideArgs,
  GateOverrideData,
  GateRulesArgs,
  GateRulesData,
  GateSignalsArgs,
  GateSignalsData,
} from '../../generated/types';
import { EventType, GateCheck, GateResult, GateTier, OverrideCategory } from '../../generated/values';
import type { DbContext, OptionalDbContext } from '../cli/context';
import { FailureError, NotFoundError, UsageError } from '../cli/errors';
import { openMigrated } from '../db/open';
import { readTransaction } from '../db/transaction';
import { recordPhaseEvent } from '../events/record';
import { toJson } from '../format/json';
import { lastPhase, targetOf, walkOf } from '../phase/machine';
import { moveRun, mustGetRun, nextMove, skippedPhases } from '../phase/handlers';
import { afterMove } from '../phase/moved';
import { runtimeEvidenceOrError } from '../phase/metadata';
import { refusal } from '../phase/refusals';
import { calibrationStatus } from './calibration';
import { calibrationOf, recordStaleCalibration } from './calibration-io';
import { calibrationKey, evaluateGate } from './evaluate';
import { builtInAlongDefaultChain, type Rule, splitTransition, storedRunRules, transitionKey } from './rules';
import { gateSignals } from './signals';

export function check(ctx: DbContext, args: GateCheckArgs): GateCheckData {
  const calibration = calibrationOf(ctx, args.calibration_file);
  if (calibration?.stale) ctx.write((tx) => recordStaleCalibration(tx, calibration, getRun(tx.db, { id: args.id })));
  return readTransaction(ctx.db, () => {
    const run = mustGetRun(ctx.db, args.id);
    const target = nextMove(ctx.db, run, walkOf(run));
    const { from_phase, to_phase } = target;
    const gate = evaluateGate(ctx.db, run, from_phase, to_phase, { priority: args.priority, disabled: false, calibration, now: ctx.now() });
    const details = (gate.conditions ?? []).flatMap((c) => {
      const entry = calibration?.entries?.get(calibrationKey(c.check, from_phase, to_phase));
      return entry ? [{ calibration_status: calibrationStatus(entry), check: c.check, fpr: entry.fpr, weighted_n: entry.weighted_n }] : [];
    });
    return {
      ...(details.length > 0 && { calibration: details }),
      ...(gate.conditions && { evidence: { conditions: gate.conditions } }),
      from_phase,
      result: gate.gate_result,
      run_id: run.id,
      source: gate.source,
      tier: gate.gate_tier,
      to_phase,
    };
  });
}

const DEPRECATION = 'gate override: DEPRECATION: specify --justified or --expedient for signal quality';

export function override(ctx: DbContext, args: GateOverrideArgs): GateOverrideData {
  if (args.justified && args.expedient) throw new UsageError('--justified and --expedient are mutually exclusive');
  const category = args.justified
    ? OverrideCategory.Justified
    : args.expedient
      ? OverrideCategory.Expedient
      : OverrideCategory.Uncategorized;
  const outcome = ctx.write((tx): GateOverrideData | { blocked: string } => {
    const run = mustGetRun(tx.db, args.id);
    const walk = walkOf(run);
    const target = targetOf(run, walk, skippedPhases(tx.db, run.id));
    if (target.kind === 'terminal_status') throw refusal.overrideEnded(run.status);
    if (target.kind === 'terminal_phase') throw refusal.overrideAtLastPhase();
    const { from_phase, to_phase } = target;
    const { config, error } = runtimeEvidenceOrError(run.metadata);
    if (config.required && to_phase === lastPhase(walk)) {
      // The move to done under a sealed close gate needs verified evidence: no override passes it.
      const detail = error ? 'runtime evidence metadata is invalid' : 'runtime evidence terminal gate cannot be overridden';
      const reason = toJson({ conditions: [{ check: GateCheck.RuntimeEvidence, result: 'fail', detail }] });
      recordPhaseEvent(tx, {
        run_id: run.id,
        from_phase,
        to_phase,
        event_type: EventType.Block,
        gate_result: GateResult.Fail,
        gate_tier: GateTier.Hard,
        reason,
      });
      return { blocked: detail };
    }
    if (error) throw new FailureError(`run ${run.id}: invalid runtime metadata: ${error}`);
    moveRun(tx, run, walk, from_phase, to_phase);
    const reason = JSON.stringify({ override_category: category, reason: args.reason });
    const event = { from_phase, to_phase, event_type: EventType.Override, gate_result: GateResult.Fail, gate_tier: GateTier.Hard };
    recordPhaseEvent(tx, { run_id: run.id, ...event, reason });
    afterMove(tx, { run, from_phase, to_phase, event_type: EventType.Override, completed: to_phase === lastPhase(walk) });
    return { category, from_phase, reason: args.reason, to_phase };
  });
  if ('blocked' in outcome) throw new NotFoundError(`blocked: ${outcome.blocked}`);
  // The warning follows the override it is about: a refused override is one error line, nothing else.
  if (category === OverrideCategory.Uncategorized) ctx.stderr(DEPRECATION);
  return outcome;
}

/** A run's own rules as gate rules lists them: its chain's moves in order, then any others. */
function runRulesList(run: RunsRow, rules: ReadonlyMap<string, readonly Rule[]>): { from: string; to: string; rules: readonly Rule[] }[] {
  const chain = walkOf(run).chain;
  const ordered = chain
    .slice(1)
    .map((to, i) => transitionKey(chain[i]!, to))
    .filter((k) => rules.has(k));
  const rest = [...rules.keys()].filter((k) => !ordered.includes(k)).sort();
  return [...ordered, ...rest].map((key) => {
    const [from, to] = splitTransition(key)!;
    return { from, to, rules: rules.get(key)! };
  });
}

export function rules(ctx: OptionalDbContext, args: GateRulesArgs): GateRulesData {
  let list: { from: string; to: string; rules: readonly Rule[] }[] | undefined;
  let source = 'default';
  if (args.run !== undefined && args.run !== '') {
    const db = openMigrated(ctx.dbPath, ctx.dbShown, ctx.globals.timeout);
    try {
      const run = getRun(db, { id: args.run });
      if (!run) throw refusal.notFound(args.run);
      const own = storedRunRules(run);
      if (own) {
        list = runRulesList(run, own);
        source = 'run';
      }
    } finally {
      db.close();
    }
  }
  list ??= builtInAlongDefaultChain();
  return list
    .filter((r) => args.phase === undefined || args.phase === '' || r.from === args.phase)
    .map((r) => ({
      checks: r.rules.map((c) => ({
        check: c.check,
        ...(c.phase !== undefined && { phase: c.phase }),
        ...(c.tier !== undefined && { tier: c.tier }),
      })),
      from: r.from,
      source,
      to: r.to,
    }));
}

export function signals(ctx: DbContext, args: GateSignalsArgs): GateSignalsData {
  return readTransaction(ctx.db, () => gateSignals(ctx.db, args.since_id));
}
