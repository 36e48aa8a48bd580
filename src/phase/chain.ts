// A phase chain: the phases a run walks, in order. One type, one parse, one
// serialise, whether the chain comes from --phases or from runs.phases: at
// least two distinct names of [A-Za-z0-9_-], stored as a compact JSON array.
import { FailureError, UsageError } from '../cli/errors';

declare const chainBrand: unique symbol;
/** A checked phase chain. */
export type PhaseChain = readonly string[] & { readonly [chainBrand]: true };

const PHASE_NAME = /^[A-Za-z0-9_-]+$/;

/** The chain in a JSON text, or the reason it is not one. */
function read(text: string): PhaseChain | string {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return (err as Error).message;
  }
  if (!Array.isArray(value) || !value.every((p) => typeof p === 'string')) return 'want a JSON array of phase names';
  if (value.length < 2) return `need at least 2 phases, got ${value.length}`;
  const seen = new Set<string>();
  for (const p of value as string[]) {
    if (!PHASE_NAME.test(p)) return `invalid phase name ${JSON.stringify(p)} (must match [a-zA-Z0-9_-]+)`;
    if (seen.has(p)) return `duplicate phase ${JSON.stringify(p)}`;
    seen.add(p);
  }
  return value as unknown as PhaseChain;
}

/** --phases: a chain, or a usage error saying why not (the flag's check). An empty value is no chain of its own, as in Go. */
export function phaseChainFlag(text: string): PhaseChain | undefined {
  if (text === '') return undefined;
  const chain = read(text);
  if (typeof chain === 'string') throw new UsageError(`parse phase chain: ${chain}`);
  return chain;
}

/** A chain as stored in runs.phases; one that does not read back is damage (exit 2). */
export function storedChain(text: string, where: string): PhaseChain {
  const chain = read(text);
  if (typeof chain === 'string')
    throw new FailureError(`${where}: its stored phase chain is not a JSON array of phase names: ${text.slice(0, 80)}`);
  return chain;
}

/** A chain as runs.phases stores it. */
export const chainJson = (chain: PhaseChain): string => JSON.stringify(chain);

/** A chain the spec declares (the default chain): checked by the spec's own rules at generation. */
export const declaredChain = (phases: readonly string[]): PhaseChain => phases as PhaseChain;
