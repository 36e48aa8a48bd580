// generated/phases.ts: the default phase chain and the phases each
// complexity walks, as data for src/phase/machine.ts, which holds the
// algorithm and none of the names.
import type { GenContext } from '../context';
import { header } from '../header';
import type { GeneratedFile } from '../render';

export function generatePhases(ctx: GenContext): GeneratedFile[] {
  const { chain, walks, description } = ctx.spec.phases;
  const list = (phases: readonly string[]) => `[${phases.map((p) => `'${p}'`).join(', ')}]`;
  const content = [
    header('ts'),
    `/** ${description}: runs without a chain of their own walk it. Its last phase is terminal. */`,
    `export const DEFAULT_CHAIN: readonly string[] = ${list(chain)};`,
    '',
    '/** Complexity -> the phases of the default chain a run walks; other complexities, and force_full, walk all. */',
    `export const COMPLEXITY_WALKS: Readonly<Record<number, readonly string[]>> = { ${Object.entries(walks)
      .map(([c, phases]) => `${c}: ${list(phases)}`)
      .join(', ')} };`,
    '',
  ].join('\n');
  return [{ path: 'generated/phases.ts', content }];
}
