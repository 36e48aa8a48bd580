// Phase actions as the run commands see them: added (one, or a batch inside
// run create's transaction), listed with args parsed, and resolved for the
// phase a run enters (run advance): ${artifact:<type>} is the path of the
// run's newest active artifact of that type, ${run_id} and ${project_dir}
// the run's; each value is JSON-escaped (args are JSON text), and a
// placeholder with nothing to stand for is left as it is.
import { insertAction, phaseActions } from '../../generated/db/queries/action';
import { latestActiveArtifact } from '../../generated/db/queries/run';
import type { PhaseActionsRow, RunsRow } from '../../generated/entities';
import { ConflictError } from '../cli/errors';
import type { Db } from '../db/open';
import { toJson } from '../format/json';
import type { ActionSpec } from './checks';

/** An action as the JSON output shows it (keys in alphabetical order, as Go printed its map): args parsed when it is JSON. */
export interface ActionView {
  action_type: string;
  args?: unknown;
  command: string;
  id: number;
  mode: string;
  phase: string;
  priority: number;
  run_id: string;
}

function parsedArgs(args: string | null): { args?: unknown } {
  if (args == null) return {};
  try {
    return { args: JSON.parse(args) };
  } catch {
    return { args };
  }
}

export function actionView(a: PhaseActionsRow, args: string | null = a.args): ActionView {
  return {
    action_type: a.action_type,
    ...parsedArgs(args),
    command: a.command,
    id: a.id,
    mode: a.mode,
    phase: a.phase,
    priority: a.priority,
    run_id: a.run_id,
  };
}

/** Adds the actions of run create --actions (in the caller's transaction); a duplicate is exit 1 and rolls the run back. */
export function addActions(db: Db, runId: string, actions: readonly ActionSpec[], now: number): void {
  for (const a of actions) {
    const row = insertAction(db, {
      run_id: runId,
      phase: a.phase,
      action_type: a.type ?? null,
      command: a.command,
      args: a.args ?? null,
      mode: a.mode ?? null,
      priority: 0,
      now,
    });
    if (!row) throw new ConflictError(`duplicate action for phase ${a.phase}: ${a.command}`);
  }
}

const ARTIFACT = /\$\{artifact:([^}]+)\}/g;
const escaped = (value: string) => toJson(value).slice(1, -1);

/** The args text with its placeholders resolved. */
export function resolvePlaceholders(db: Db, run: Pick<RunsRow, 'id' | 'project_dir'>, text: string): string {
  return text
    .replace(ARTIFACT, (match, type: string) => {
      const artifact = latestActiveArtifact(db, { run_id: run.id, type });
      return artifact ? escaped(artifact.path) : match;
    })
    .replaceAll('${run_id}', escaped(run.id))
    .replaceAll('${project_dir}', escaped(run.project_dir));
}

/** The actions of the phase a run has entered, their args resolved. */
export function resolvedActions(db: Db, run: Pick<RunsRow, 'id' | 'project_dir'>, phase: string): ActionView[] {
  return phaseActions(db, { run_id: run.id, phase }).map((a) =>
    actionView(a, a.args == null ? null : resolvePlaceholders(db, run, a.args)),
  );
}
