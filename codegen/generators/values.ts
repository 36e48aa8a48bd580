// generated/values.ts: the spec's value sets (statuses, event types, gate
// results and tiers) as union types with named constants, sqlc-style, plus
// each set's values for the write checks and each group as a predicate.
// Code names a status as RunStatus.Active, never as a bare string.
import type { GenContext, ValueSet } from '../context';
import { header } from '../header';
import { doc, join, lit, name, ts } from '../print';
import type { GeneratedFile } from '../file';

function valueSet(set: ValueSet) {
  const type = name(set.typeName);
  const constants = Object.fromEntries(set.values.map((v) => [v.key, v.value]));
  return ts`${doc(`${set.description}.`)}
export const ${type} = ${lit(constants)} as const;
export type ${type} = (typeof ${type})[keyof typeof ${type}];
export const ${name(`${set.constName}_VALUES`)}: readonly ${type}[] = ${lit(set.values.map((v) => v.value))};
${set.groups.map(
  (g) => ts`export const ${name(g.constName)}: readonly ${type}[] = ${lit(g.values)};
export const ${name(g.predicate)} = (value: string): boolean => (${name(g.constName)} as readonly string[]).includes(value);`,
)}`;
}

/** The spec's exit codes by name: code that exits says Exit.Negative, never 1. */
function exitCodes(ctx: GenContext) {
  const codes = Object.fromEntries(ctx.spec.exit_codes.map((e) => [e.name[0]!.toUpperCase() + e.name.slice(1), e.code]));
  return ts`${doc('The exit codes of ic, by the names the spec gives them.')}
export const Exit = ${lit(codes)} as const;
export type Exit = (typeof Exit)[keyof typeof Exit];`;
}

export function generateValues(ctx: GenContext): GeneratedFile[] {
  return [{ path: 'generated/values.ts', content: `${header('ts')}\n${join([exitCodes(ctx), ...ctx.valueSets.map(valueSet)], '\n\n')}\n` }];
}
