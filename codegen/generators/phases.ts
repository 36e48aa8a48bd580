// generated/phases.ts: the default phase chain and the built-in gate rules, as data for src/phase/machine.ts and src/gate/,
// which hold the algorithms and none of the names. Printed with print.ts.
import type { GenContext } from '../context';
import { header } from '../header';
import { doc, join, lit, raw, ts } from '../print';
import type { GeneratedFile } from '../file';

export function generatePhases(ctx: GenContext): GeneratedFile[] {
  const { chain, description, gates } = ctx.spec.phases;
  const rules = gates.map((r) => ({ from: r.from, to: r.to, checks: r.checks.map((c) => ({ check: c.check, phase: c.phase })) }));
  // Named chains a run opts into (spec `chains`), each with its description.
  const chains = Object.entries(ctx.spec.chains ?? {}).map(
    ([name, c]) => ts`${doc(c.description)}
  ${lit(name)}: ${lit(c.phases)},`,
  );
  const content = ts`${raw(header('ts'))}
import type { GateCheck } from './values';

${doc(`${description}: runs without a chain of their own walk it. Its last phase is terminal.`)}
export const DEFAULT_CHAIN: readonly string[] = ${lit(chain)};

/** An advance into this phase starts the run's waiting agents (auto-spawn). */
export const AUTO_SPAWN_PHASE = ${lit(ctx.spec.phases.auto_spawn)};

/** A gate rule: what a move from one phase to another must show (a check of \`phase\` counts that phase's artifacts). */
export interface GateRule {
  from: string;
  to: string;
  checks: readonly { check: GateCheck; phase?: string }[];
}

/** The built-in gate rules, in the spec's order; moves not listed have no requirement. */
export const GATE_RULES: readonly GateRule[] = ${lit(rules)};

/** Named chains a run opts into by taking one as its own (run create --phases); never a default. */
export const CHAINS: Readonly<Record<string, readonly string[]>> = {
  ${join(chains, '\n  ')}
};
`;
  return [{ path: 'generated/phases.ts', content: content.text }];
}
