// GENERATED from spec/intercore.yaml by codegen/. DO NOT EDIT: change the spec (or codegen/) and run `npm run gen`.

// The typed arguments each command's handler or operation receives (flags
// parsed, defaults applied; durations in milliseconds) and the data its
// output renders.
import type { DispatchesRow, PhaseEventsRow, RunAgentsRow, RunArtifactsRow, RunsRow, SentinelsRow, StateRow } from './entities';

// init
export interface InitArgs {
}
export type InitData = { path: string; version: number; migrated_from: number; backup?: string };

// version
export interface VersionArgs {
}
export type VersionData = { ic: string; schema?: number };

// health
export interface HealthArgs {
}
export type HealthData = { ok: boolean; schema: number; free_bytes: number };

// completion
export interface CompletionArgs {
  shell: "bash";
}
export type CompletionData = void;

// state set
export interface StateSetArgs {
  key: string;
  scope_id: string;
  file?: string;
  ttl?: number;
}
export type StateSetData = void;

// state get
export interface StateGetArgs {
  key: string;
  scope_id: string;
}
export type StateGetData = string;

// state delete
export interface StateDeleteArgs {
  key: string;
  scope_id: string;
}
export type StateDeleteData = { deleted: number };

// state list
export interface StateListArgs {
  key: string;
}
export type StateListData = Pick<StateRow, 'scope_id'>[];

// state prune
export interface StatePruneArgs {
}
export type StatePruneData = { deleted: number };

// sentinel check
export interface SentinelCheckArgs {
  name: string;
  scope_id: string;
  interval: number;
}
export type SentinelCheckData = { allowed: boolean };

// sentinel reset
export interface SentinelResetArgs {
  name: string;
  scope_id: string;
}
export type SentinelResetData = { deleted: number };

// sentinel list
export interface SentinelListArgs {
}
export type SentinelListData = SentinelsRow[];

// sentinel prune
export interface SentinelPruneArgs {
  older_than: number;
}
export type SentinelPruneData = { deleted: number };

// compat status
export interface CompatStatusArgs {
}
export type CompatStatusData = { key: string; legacy: boolean; db?: boolean }[];

// compat check
export interface CompatCheckArgs {
  key: string;
}
export type CompatCheckData = { key: string; scopes?: number };

// dispatch spawn
export interface DispatchSpawnArgs {
  type: string;
  prompt_file: string;
  project?: string;
  output?: string;
  name?: string;
  model?: string;
  sandbox: string;
  timeout?: number;
  scope_id?: string;
  parent_id?: string;
  dispatch_sh?: string;
}
export type DispatchSpawnData = { id: string; pid: number };

// dispatch status
export interface DispatchStatusArgs {
  id: string;
}
export type DispatchStatusData = DispatchesRow;

// dispatch list
export interface DispatchListArgs {
  active: boolean;
  scope?: string;
}
export type DispatchListData = DispatchesRow[];

// dispatch poll
export interface DispatchPollArgs {
  id: string;
}
export type DispatchPollData = DispatchesRow;

// dispatch wait
export interface DispatchWaitArgs {
  id: string;
  timeout?: number;
  poll: number;
}
export type DispatchWaitData = DispatchesRow;

// dispatch kill
export interface DispatchKillArgs {
  id: string;
}
export type DispatchKillData = { id: string; status: string };

// dispatch prune
export interface DispatchPruneArgs {
  older_than: number;
}
export type DispatchPruneData = { deleted: number };

// run create
export interface RunCreateArgs {
  project?: string;
  goal: string;
  complexity: number;
  scope_id?: string;
}
export type RunCreateData = { id: string; phase: string };

// run status
export interface RunStatusArgs {
  id: string;
}
export type RunStatusData = RunsRow;

// run advance
export interface RunAdvanceArgs {
  id: string;
  priority: number;
  disable_gates: boolean;
  skip_reason?: string;
}
export type RunAdvanceData = { advanced: boolean; event_type: string; from_phase: string; gate_result: string; gate_tier: string; reason: string; to_phase: string };

// run phase
export interface RunPhaseArgs {
  id: string;
}
export type RunPhaseData = RunsRow;

// run list
export interface RunListArgs {
  active: boolean;
  scope?: string;
}
export type RunListData = RunsRow[];

// run events
export interface RunEventsArgs {
  id: string;
}
export type RunEventsData = PhaseEventsRow[];

// run cancel
export interface RunCancelArgs {
  id: string;
}
export type RunCancelData = { id: string; status: string };

// run set
export interface RunSetArgs {
  id: string;
  complexity?: number;
  auto_advance?: boolean;
  force_full?: boolean;
}
export type RunSetData = { id: string; updated: boolean };

// run current
export interface RunCurrentArgs {
  project?: string;
}
export type RunCurrentData = { found: boolean; goal?: string; id?: string; phase?: string };

// run agent add
export interface RunAgentAddArgs {
  run_id: string;
  type: string;
  name?: string;
  dispatch_id?: string;
}
export type RunAgentAddData = RunAgentsRow;

// run agent list
export interface RunAgentListArgs {
  run_id: string;
}
export type RunAgentListData = RunAgentsRow[];

// run agent update
export interface RunAgentUpdateArgs {
  run_id?: string;
  agent_id: string;
  status: "active" | "completed" | "failed";
}
export type RunAgentUpdateData = { updated: number };

// run artifact add
export interface RunArtifactAddArgs {
  run_id: string;
  phase: string;
  path: string;
  type: string;
}
export type RunArtifactAddData = RunArtifactsRow;

// run artifact list
export interface RunArtifactListArgs {
  run_id: string;
  phase?: string;
}
export type RunArtifactListData = RunArtifactsRow[];
