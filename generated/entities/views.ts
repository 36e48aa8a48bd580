// GENERATED from spec/intercore.yaml by codegen/. DO NOT EDIT: change the spec (or codegen/) and run `npm run gen`.

// Row -> JSON view: keys in alphabetical order (so JSON.stringify prints
// them sorted), 0/1 flags as booleans, unset nullable columns left out.
import type { Dispatch, DispatchesRow, PhaseEvent, PhaseEventsRow, Run, RunAgent, RunAgentsRow, RunArtifact, RunArtifactsRow, RunsRow, Sentinel, SentinelsRow, StateEntry, StateRow } from './index';

export function toStateEntryView(row: StateRow): StateEntry {
  const view = {} as StateEntry;
  if (row.expires_at != null) view.expires_at = row.expires_at;
  view.key = row.key;
  view.payload = row.payload;
  view.scope_id = row.scope_id;
  view.updated_at = row.updated_at;
  return view;
}

export function toSentinelView(row: SentinelsRow): Sentinel {
  const view = {} as Sentinel;
  view.last_fired = row.last_fired;
  view.name = row.name;
  view.scope_id = row.scope_id;
  return view;
}

export function toDispatchView(row: DispatchesRow): Dispatch {
  const view = {} as Dispatch;
  view.agent_type = row.agent_type;
  if (row.commands != null) view.commands = row.commands;
  if (row.completed_at != null) view.completed_at = row.completed_at;
  view.created_at = row.created_at;
  if (row.error_message != null) view.error_message = row.error_message;
  if (row.exit_code != null) view.exit_code = row.exit_code;
  view.id = row.id;
  if (row.input_tokens != null) view.in_tokens = row.input_tokens;
  if (row.messages != null) view.messages = row.messages;
  if (row.model != null) view.model = row.model;
  if (row.name != null) view.name = row.name;
  if (row.output_tokens != null) view.out_tokens = row.output_tokens;
  if (row.output_file != null) view.output_file = row.output_file;
  if (row.parent_id != null) view.parent_id = row.parent_id;
  if (row.pid != null) view.pid = row.pid;
  view.project_dir = row.project_dir;
  if (row.prompt_file != null) view.prompt_file = row.prompt_file;
  if (row.scope_id != null) view.scope_id = row.scope_id;
  if (row.started_at != null) view.started_at = row.started_at;
  view.status = row.status;
  if (row.turns != null) view.turns = row.turns;
  if (row.verdict_status != null) view.verdict_status = row.verdict_status;
  if (row.verdict_summary != null) view.verdict_summary = row.verdict_summary;
  return view;
}

export function toRunView(row: RunsRow): Run {
  const view = {} as Run;
  view.auto_advance = row.auto_advance === 1;
  if (row.completed_at != null) view.completed_at = row.completed_at;
  view.complexity = row.complexity;
  view.created_at = row.created_at;
  view.force_full = row.force_full === 1;
  view.goal = row.goal;
  view.id = row.id;
  if (row.metadata != null) view.metadata = row.metadata;
  view.phase = row.phase;
  view.project_dir = row.project_dir;
  if (row.scope_id != null) view.scope_id = row.scope_id;
  view.status = row.status;
  view.updated_at = row.updated_at;
  return view;
}

export function toPhaseEventView(row: PhaseEventsRow): PhaseEvent {
  const view = {} as PhaseEvent;
  view.created_at = row.created_at;
  view.event_type = row.event_type;
  view.from_phase = row.from_phase;
  if (row.gate_result != null) view.gate_result = row.gate_result;
  if (row.gate_tier != null) view.gate_tier = row.gate_tier;
  view.id = row.id;
  if (row.reason != null) view.reason = row.reason;
  view.run_id = row.run_id;
  view.to_phase = row.to_phase;
  return view;
}

export function toRunAgentView(row: RunAgentsRow): RunAgent {
  const view = {} as RunAgent;
  view.agent_type = row.agent_type;
  view.created_at = row.created_at;
  if (row.dispatch_id != null) view.dispatch_id = row.dispatch_id;
  view.id = row.id;
  if (row.name != null) view.name = row.name;
  view.run_id = row.run_id;
  view.status = row.status;
  view.updated_at = row.updated_at;
  return view;
}

export function toRunArtifactView(row: RunArtifactsRow): RunArtifact {
  const view = {} as RunArtifact;
  view.created_at = row.created_at;
  view.id = row.id;
  view.path = row.path;
  view.phase = row.phase;
  view.run_id = row.run_id;
  view.type = row.type;
  return view;
}
