// The checks a gate rule can name (the spec's value set gate_check), each
// read through the store inside the caller's transaction. A check says pass
// or fail, with a count when it counts something and a detail when it fails
// (or says why it passed without looking). A name no check has fails.
import { countPassingVerdicts, sumScopeTokens } from '../../generated/db/queries/dispatch';
import { childRuns, countUncleanVerdicts, upstreamProjects } from '../../generated/db/queries/gate';
import { countActiveAgents, countPhaseArtifacts, latestActiveArtifact } from '../../generated/db/queries/run';
import type { RunsRow } from '../../generated/entities';
import { GateCheck, RunStatus } from '../../generated/values';
import type { Db } from '../db/open';
import { walkOf } from '../phase/machine';
import { runtimeEvidenceOrError } from '../phase/metadata';
import { verifyReceipt } from '../phase/runtime-proof';

/** One condition of gate evidence, fields in the contract's order. */
export interface Condition {
  check: string;
  phase?: string;
  result: 'pass' | 'fail';
  count?: number;
  detail?: string;
}

/** What a check is given: the run, the phase its rule names, and how the gate is being evaluated. */
export interface CheckInput {
  db: Db;
  run: RunsRow;
  phase: string | undefined;
  now: number;
  /** --disable-gates was given (only the runtime-evidence check sees it: it cannot be disabled). */
  disabled: boolean;
}

type Check = (input: CheckInput) => Condition;

const withPhase = (phase: string | undefined) => (phase !== undefined && phase !== '' ? { phase } : {});
const pass = (check: string, phase: string | undefined, extra: Partial<Condition> = {}): Condition => ({
  check,
  ...withPhase(phase),
  result: 'pass',
  ...extra,
});
const fail = (check: string, phase: string | undefined, detail: string, count?: number): Condition => ({
  check,
  ...withPhase(phase),
  result: 'fail',
  ...(count !== undefined && { count }),
  detail,
});
function counted(check: string, phase: string | undefined, count: number, ok: boolean, detail: string): Condition {
  return ok ? pass(check, phase, { count }) : fail(check, phase, detail, count);
}

/** The index of a run's phase in its chain (a child's chain as stored). */
function phaseIndex(run: RunsRow, phase: string): number {
  return walkOf(run).chain.indexOf(phase);
}

export const CHECKS: Readonly<Record<GateCheck, Check>> = {
  /** The run has recorded an active artifact in the phase. */
  artifact_exists: ({ db, run, phase }) => {
    const n = countPhaseArtifacts(db, { run_id: run.id, phase: phase ?? '' })!.n;
    return counted('artifact_exists', phase, n, n > 0, `no artifacts found for phase ${JSON.stringify(phase ?? '')}`);
  },
  /** No agent of the run is still active. */
  agents_complete: ({ db, run, phase }) => {
    const n = countActiveAgents(db, { run_id: run.id })!.n;
    return counted('agents_complete', phase, n, n === 0, `${n} agents still active`);
  },
  /**
   * Some dispatch of the run's scope (its scope_id, not its id) has a verdict
   * other than reject ("fail" counts); a run without a scope never passes.
   */
  verdict_exists: ({ db, run, phase }) => {
    const ok = run.scope_id != null && run.scope_id !== '' && countPassingVerdicts(db, { scope_id: run.scope_id })!.n > 0;
    return ok ? pass('verdict_exists', phase) : fail('verdict_exists', phase, 'no passing verdict found');
  },
  /** A verdict exists and no dispatch of the scope returned fail or error. */
  verdict_clean: ({ db, run, phase }) => {
    const scope = run.scope_id ?? '';
    if (scope === '' || countPassingVerdicts(db, { scope_id: scope })!.n === 0)
      return fail('verdict_clean', phase, 'no verdict found — review did not run (fail-closed)');
    const n = countUncleanVerdicts(db, { scope_id: scope })!.n;
    return counted('verdict_clean', phase, n, n === 0, `${n} verdict(s) NEEDS_ATTENTION (fail/error) — not clean`);
  },
  /** Every child of a portfolio run that is still going is at the phase or past it (failed children block). */
  children_at_phase: ({ db, run, phase }) => {
    const target = phase ?? '';
    const behind = childRuns(db, { parent_run_id: run.id }).filter((child) => {
      if (child.status === RunStatus.Completed || child.status === RunStatus.Cancelled) return false;
      const at = phaseIndex(child, target);
      return at >= 0 && phaseIndex(child, child.phase) < at;
    }).length;
    return counted('children_at_phase', target, behind, behind === 0, `${behind} children behind phase ${JSON.stringify(target)}`);
  },
  /** The child runs of the projects this child's project depends on are at the phase or past it. */
  upstreams_at_phase: ({ db, run, phase }) => {
    const target = phase ?? '';
    const parent = run.parent_run_id ?? '';
    const upstreams = upstreamProjects(db, { portfolio_run_id: parent, downstream_project: run.project_dir }).map(
      (u) => u.upstream_project,
    );
    if (upstreams.length === 0) return pass('upstreams_at_phase', target, { detail: 'no upstream dependencies' });
    const siblings = new Map<string, RunsRow>();
    for (const s of childRuns(db, { parent_run_id: parent })) if (!siblings.has(s.project_dir)) siblings.set(s.project_dir, s);
    const behind: string[] = [];
    for (const project of upstreams) {
      const up = siblings.get(project);
      if (!up || up.status !== RunStatus.Active) continue;
      const at = phaseIndex(up, target);
      if (at >= 0 && phaseIndex(up, up.phase) < at) behind.push(`${project} at ${up.phase}`);
    }
    return counted(
      'upstreams_at_phase',
      target,
      behind.length,
      behind.length === 0,
      `upstreams behind phase ${JSON.stringify(target)}: [${behind.join(' ')}]`,
    );
  },
  /** The run's dispatches have used less than its token budget (as run budget counts: input + output). */
  budget_not_exceeded: ({ db, run, phase }) => {
    if (run.token_budget == null || run.token_budget <= 0) return pass('budget_not_exceeded', phase, { detail: 'no token budget set' });
    const t = sumScopeTokens(db, { scope_id: run.id })!;
    return t.input_tokens + t.output_tokens < run.token_budget
      ? pass('budget_not_exceeded', phase)
      : fail('budget_not_exceeded', phase, 'token budget exceeded');
  },
  /** A verified runtime-evidence receipt, the run's newest active artifact of type runtime-evidence/v1. */
  runtime_evidence: ({ db, run, phase, now, disabled }) => {
    const no = (detail: string) => fail('runtime_evidence', phase, detail);
    if (disabled) return no('runtime evidence gate cannot be disabled');
    const { config, error } = runtimeEvidenceOrError(run.metadata);
    if (error) return no('runtime evidence metadata is invalid');
    if (!config.ready || !config.expectations) return no('runtime evidence expectations are not sealed');
    const artifact = latestActiveArtifact(db, { run_id: run.id, type: 'runtime-evidence/v1' });
    if (!artifact) return no('runtime evidence receipt is missing');
    if (!artifact.content_hash) return no('runtime evidence receipt content hash is missing');
    let proof: string;
    try {
      proof = verifyReceipt(artifact.path, {
        beadId: config.beadId,
        runId: run.id,
        projectRoot: run.project_dir,
        artifactHash: artifact.content_hash,
        runCreatedAt: run.created_at,
        now,
        expectations: config.expectations,
      });
    } catch {
      return no('runtime evidence receipt is invalid');
    }
    return pass('runtime_evidence', phase, { detail: `verified proof ${proof}` });
  },
};

/** The condition of one rule: its check, or a failure naming a check that does not exist. */
export function evaluateCheck(name: string, input: CheckInput): Condition {
  const check = (CHECKS as Record<string, Check | undefined>)[name];
  return check ? check(input) : fail(name, input.phase, `unknown check type: ${JSON.stringify(name)}`);
}
