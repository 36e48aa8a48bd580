// Which phases a rollback passes back over: pure, nothing read or written.

export type RollbackPlan = { kind: 'not_in_chain'; chain: readonly string[] } | { kind: 'not_behind' } | { kind: 'back'; phases: string[] };

/**
 * Going back from `current` to `target` in `chain`: the phases after the
 * target up to and including the current one. The target must be in the
 * chain and strictly behind the current phase.
 */
export function planRollback(chain: readonly string[], current: string, target: string): RollbackPlan {
  const to = chain.indexOf(target);
  if (to < 0) return { kind: 'not_in_chain', chain };
  const from = chain.indexOf(current);
  if (from < 0 || to >= from) return { kind: 'not_behind' };
  return { kind: 'back', phases: chain.slice(to + 1, from + 1) };
}
