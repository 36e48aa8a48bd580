// generated/phases.ts: the default phase chain, the phases each complexity
// walks and the gate rules, as data for src/phase/machine.ts and src/gate/,
// which hold the algorithms and none of the names.
import type { GenContext } from '../context';
import { header } from '../header';
import type { GeneratedFile } from '../render';

export function generatePhases(ctx: GenContext): GeneratedFile[] {
  const { chain, walks, description, gates } = ctx.spec.phases;
  const rule = (r: (typeof gates)[number]) =>
    `{ from: '${r.from}', to: '${r.to}', checks: [${r.checks.map((c) => `{ check: '${c.check}'${c.phase ? `, phase: '${c.phase}'` : ''} }`).join(', ')}] }`;
  const list = (phases: readonly string[]) => `[${phases.map((p) => `'${p}'`).join(', ')}]`;
  const content = [
    header('ts'),
    "import type { GateCheck } from './values';",
    '',
    `/** ${description}: runs without a chain of their own walk it. Its last phase is terminal. */`,
    `export const DEFAULT_CHAIN: readonly string[] = ${list(chain)};`,
    '',
    '/** Complexity -> the phases of the default chain a run walks; other complexities, and force_full, walk all. */',
    `export const COMPLEXITY_WALKS: Readonly<Record<number, readonly string[]>> = { ${Object.entries(walks)
      .map(([c, phases]) => `${c}: ${list(phases)}`)
      .join(', ')} };`,
    '',
    "/** A gate rule: what a move from one phase to another must show (a check of `phase` counts that phase's artifacts). */",
    'export interface GateRule {',
    '  from: string;',
    '  to: string;',
    '  checks: readonly { check: GateCheck; phase?: string }[];',
    '}',
    '',
    "/** The gate rules, in the spec's order; moves not listed have no requirement. */",
    `export const GATE_RULES: readonly GateRule[] = [${gates.map(rule).join(', ')}];`,
    '',
  ].join('\n');
  return [{ path: 'generated/phases.ts', content }];
}
