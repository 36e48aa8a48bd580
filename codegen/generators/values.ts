// generated/values.ts: the spec's value sets (statuses, event types, gate
// results and tiers) as union types with named constants, sqlc-style, plus
// each set's values for the store's write checks and each group as a
// predicate. Code names a status as RunStatus.Active, never as a bare string.
import type { GenContext } from '../context';
import { header } from '../header';
import type { GeneratedFile } from '../render';

const q = (s: string) => `'${s}'`;

export function generateValues(ctx: GenContext): GeneratedFile[] {
  const blocks = ctx.valueSets.map((set) => {
    const lines = [
      `/** ${set.description}. */`,
      `export const ${set.typeName} = { ${set.values.map((v) => `${v.key}: ${q(v.value)}`).join(', ')} } as const;`,
      `export type ${set.typeName} = (typeof ${set.typeName})[keyof typeof ${set.typeName}];`,
      `export const ${set.constName}_VALUES: readonly ${set.typeName}[] = [${set.values.map((v) => q(v.value)).join(', ')}];`,
    ];
    for (const g of set.groups) {
      lines.push(
        `export const ${g.constName}: readonly ${set.typeName}[] = [${g.values.map(q).join(', ')}];`,
        `export const ${g.predicate} = (value: string): boolean => (${g.constName} as readonly string[]).includes(value);`,
      );
    }
    return lines.join('\n');
  });
  return [{ path: 'generated/values.ts', content: `${header('ts')}\n${blocks.join('\n\n')}\n` }];
}
