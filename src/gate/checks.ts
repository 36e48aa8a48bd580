// The checks a gate rule can name (the spec's value set gate_check), each
// read through the store. A check says pass or fail, with a count when it
// counts something and a detail when it fails.
import { countPassingVerdicts } from '../../generated/db/queries/dispatch';
import { countActiveAgents, countPhaseArtifacts } from '../../generated/db/queries/run';
import type { RunsRow } from '../../generated/entities';
import type { GateCheck } from '../../generated/values';
import type { Db } from '../db/open';

/** One condition of gate evidence, fields in the contract's order. */
export interface Condition {
  check: GateCheck;
  phase?: string;
  result: 'pass' | 'fail';
  count?: number;
  detail?: string;
}

type Check = (db: Db, run: RunsRow, phase: string | undefined) => Condition;

function counted(check: GateCheck, phase: string | undefined, count: number, pass: boolean, detail: string): Condition {
  return { check, ...(phase !== undefined && { phase }), result: pass ? 'pass' : 'fail', count, ...(!pass && { detail }) };
}

export const CHECKS: Readonly<Record<GateCheck, Check>> = {
  /** The run has recorded an artifact in the phase. */
  artifact_exists: (db, run, phase) => {
    const n = countPhaseArtifacts(db, { run_id: run.id, phase: phase ?? '' })!.n;
    return counted('artifact_exists', phase ?? '', n, n > 0, `no artifacts found for phase ${JSON.stringify(phase ?? '')}`);
  },
  /** No agent of the run is still active. */
  agents_complete: (db, run) => {
    const n = countActiveAgents(db, { run_id: run.id })!.n;
    return counted('agents_complete', undefined, n, n === 0, `${n} agents still active`);
  },
  /**
   * Some dispatch of the run's scope (its scope_id, not its id) has a verdict
   * other than reject ("fail" counts); a run without a scope never passes.
   */
  verdict_exists: (db, run) => {
    const pass = run.scope_id != null && countPassingVerdicts(db, { scope_id: run.scope_id })!.n > 0;
    return { check: 'verdict_exists', result: pass ? 'pass' : 'fail', ...(!pass && { detail: 'no passing verdict found' }) };
  },
};
