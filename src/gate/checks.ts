// The checks a gate rule can name (the spec's value set gate_check), each
// read through the store. A check says pass or fail, with a count when it
// counts something and a detail when it fails.
import { dispatches, runAgents, runArtifacts } from '../../generated/db/tables';
import type { RunsRow } from '../../generated/entities';
import { AgentStatus, type GateCheck } from '../../generated/values';
import type { Db } from '../db/open';
import { constant, ne } from '../db/store';

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
    const n = runArtifacts.count(db, { run_id: run.id, phase: phase ?? '' });
    return counted('artifact_exists', phase ?? '', n, n > 0, `no artifacts found for phase ${JSON.stringify(phase ?? '')}`);
  },
  /** No agent of the run is still active. */
  agents_complete: (db, run) => {
    const n = runAgents.count(db, { run_id: run.id, status: constant(AgentStatus.Active) });
    return counted('agents_complete', undefined, n, n === 0, `${n} agents still active`);
  },
  /**
   * Some dispatch of the run's scope (its scope_id, not its id) has a verdict
   * other than reject ("fail" counts); a run without a scope never passes.
   */
  verdict_exists: (db, run) => {
    const pass = run.scope_id != null && dispatches.count(db, { scope_id: run.scope_id, verdict_status: ne('reject') }) > 0;
    return { check: 'verdict_exists', result: pass ? 'pass' : 'fail', ...(!pass && { detail: 'no passing verdict found' }) };
  },
};
