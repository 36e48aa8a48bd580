// Which rules a move's gate evaluates, and where they come from. The
// precedence is Go's: the run's own rules (runs.gate_rules, from run create
// --gates) → the agency spec's exit rules for the run's phase (state
// agency.gates.<phase>, scope the run id, written by agency load) → the
// built-in table of the spec (generated/phases.ts). One parser reads a run's
// rules, whether they come from --gates, --gates-file or the stored column.
import type { RunsRow } from '../../generated/entities';
import { getState } from '../../generated/db/queries/state';
import { DEFAULT_CHAIN, GATE_RULES } from '../../generated/phases';
import { GateRuleSource, isPerRunGateCheck } from '../../generated/values';
import { FailureError } from '../cli/errors';
import type { Db } from '../db/open';

/** A check a rule asks for: the check's name, the phase whose artifacts count, and a tier that overrides the priority's. */
export interface Rule {
  check: string;
  phase?: string;
  tier?: 'hard' | 'soft';
}

/** A run's own rules: "from→to" → its checks ([] for a move without requirement). */
export type RunRules = ReadonlyMap<string, readonly Rule[]>;

/** The separator of a transition key, as Go writes it. */
export const ARROW = '→';

export const transitionKey = (from: string, to: string): string => `${from}${ARROW}${to}`;

/** A "from→to" key split, or undefined when it is not exactly one arrow between two names. */
export function splitTransition(key: string): [string, string] | undefined {
  const parts = key.split(ARROW);
  if (parts.length !== 2 || parts[0] === '' || parts[1] === '') return undefined;
  return [parts[0]!, parts[1]!];
}

/** A field of a rule object, its name matched without regard to case (Go's decoder matches "Check" and "check" alike). */
function fieldOf(rule: Record<string, unknown>, name: string): unknown {
  for (const [key, value] of Object.entries(rule)) if (key.toLowerCase() === name) return value;
  return undefined;
}

/**
 * The run's own rules from a parsed JSON value, or why they are not: an
 * object of "from→to" keys, each a list of {check, phase, tier} with a check
 * a run's rules may name and a tier hard, soft or empty.
 */
export function readRunRules(value: unknown): RunRules | string {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'want a JSON object of "from→to": [rules]';
  const rules = new Map<string, Rule[]>();
  for (const [key, list] of Object.entries(value)) {
    if (!splitTransition(key)) return `invalid transition key ${JSON.stringify(key)} (want from→to)`;
    if (list === null) {
      rules.set(key, []);
      continue;
    }
    if (!Array.isArray(list)) return `${key}: want a list of rules`;
    const checks: Rule[] = [];
    for (const [i, raw] of list.entries()) {
      if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) return `${key}[${i}]: want a rule object`;
      const check = fieldOf(raw as Record<string, unknown>, 'check') ?? '';
      const phase = fieldOf(raw as Record<string, unknown>, 'phase') ?? '';
      const tier = fieldOf(raw as Record<string, unknown>, 'tier') ?? '';
      if (typeof check !== 'string' || !isPerRunGateCheck(check)) return `${key}[${i}]: unknown check ${JSON.stringify(check)}`;
      if (typeof phase !== 'string') return `${key}[${i}]: phase must be a string`;
      if (tier !== 'hard' && tier !== 'soft' && tier !== '')
        return `${key}[${i}]: invalid tier ${JSON.stringify(tier)} (want hard, soft, or empty)`;
      checks.push({ check, ...(phase !== '' && { phase }), ...(tier !== '' && { tier }) });
    }
    rules.set(key, checks);
  }
  return rules;
}

/**
 * Every move of the chain must be named (Go's rule: [] marks a move without
 * requirement), and no key may name a move the chain does not make.
 */
export function checkRulesForChain(chain: readonly string[], rules: RunRules): string | undefined {
  const adjacent = new Set(chain.slice(1).map((to, i) => transitionKey(chain[i]!, to)));
  for (const key of rules.keys()) {
    if (adjacent.has(key)) continue;
    const [from, to] = splitTransition(key)!;
    return chain.includes(from) && chain.includes(to)
      ? `transition "${key}" is not adjacent in the run's phase chain`
      : `transition "${key}" is not in the run's phase chain (${chain.join(', ')})`;
  }
  const missing = [...adjacent].filter((k) => !rules.has(k)).sort();
  if (missing.length) return `missing transitions for the run's phase chain: ${missing.join(', ')} (use [] to mark a move ungated)`;
  return undefined;
}

/** The rules as runs.gate_rules stores them: Go's encoding (keys sorted, each rule {"Check","Phase","Tier"}). */
export function runRulesJson(rules: RunRules): string {
  const out: Record<string, { Check: string; Phase: string; Tier: string }[]> = {};
  for (const key of [...rules.keys()].sort())
    out[key] = rules.get(key)!.map((r) => ({ Check: r.check, Phase: r.phase ?? '', Tier: r.tier ?? '' }));
  return JSON.stringify(out);
}

/** The run's own rules as stored; undefined when it has none; a column that does not read back is damage (exit 2). */
export function storedRunRules(run: Pick<RunsRow, 'id' | 'gate_rules'>): RunRules | undefined {
  if (run.gate_rules == null) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(run.gate_rules);
  } catch {
    value = undefined;
  }
  const rules = value === undefined ? 'not JSON' : readRunRules(value);
  if (typeof rules === 'string') throw new FailureError(`run ${run.id}: its stored gate rules do not read back (${rules})`);
  return rules;
}

/**
 * The agency spec's exit rules for the run's phase (state agency.gates.<phase>
 * under the run's id, live): {"exit": [{check, phase, tier}]}. A document
 * that does not read, or has no exit rules, gives none, as in Go.
 */
export function specRules(db: Db, runId: string, phase: string, now: number): Rule[] | undefined {
  const entry = getState(db, { key: `agency.gates.${phase}`, scope_id: runId });
  if (!entry || (entry.expires_at != null && entry.expires_at <= now)) return undefined;
  let doc: unknown;
  try {
    doc = JSON.parse(entry.payload);
  } catch {
    return undefined;
  }
  const exit = (doc as { exit?: unknown } | null)?.exit;
  if (!Array.isArray(exit) || exit.length === 0) return undefined;
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  return exit.map((r: unknown) => {
    const o = (r ?? {}) as Record<string, unknown>;
    const tier = str(o.tier);
    return {
      check: str(o.check),
      ...(str(o.phase) !== '' && { phase: str(o.phase) }),
      ...((tier === 'hard' || tier === 'soft') && { tier }),
    };
  });
}

/** The built-in rules of a move, undefined when the table has none for it. */
export function builtInRules(from: string, to: string): readonly Rule[] | undefined {
  return GATE_RULES.find((r) => r.from === from && r.to === to)?.checks;
}

/** The rules a move's gate evaluates, where they came from, and whether they are the built-in table's (calibration applies only to those). */
export interface Selected {
  rules: Rule[];
  source: GateRuleSource;
  builtIn: boolean;
}

export function selectRules(db: Db, run: RunsRow, from: string, to: string, now: number): Selected {
  const own = storedRunRules(run);
  if (own) return { rules: [...(own.get(transitionKey(from, to)) ?? [])], source: GateRuleSource.PerRun, builtIn: false };
  const spec = specRules(db, run.id, run.phase, now);
  if (spec) return { rules: spec, source: GateRuleSource.Spec, builtIn: false };
  return { rules: [...(builtInRules(from, to) ?? [])], source: GateRuleSource.Default, builtIn: true };
}

/** The check names the built-in table asks of a move (run advance's next_gate_requirements), undefined when none. */
export function builtInCheckNames(from: string, to: string): string[] | undefined {
  const rules = builtInRules(from, to);
  return rules ? rules.map((r) => r.check) : undefined;
}

/** The built-in rules along the default chain, in its order (what gate rules lists, as Go lists it). */
export function builtInAlongDefaultChain(): { from: string; to: string; rules: readonly Rule[] }[] {
  return DEFAULT_CHAIN.slice(1).flatMap((to, i) => {
    const from = DEFAULT_CHAIN[i]!;
    const rules = builtInRules(from, to);
    return rules ? [{ from, to, rules }] : [];
  });
}
