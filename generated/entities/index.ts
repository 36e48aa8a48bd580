// GENERATED from spec/intercore.yaml by codegen/. DO NOT EDIT: change the spec (or codegen/) and run `npm run gen`.
/* eslint-disable */

export type StateRow = {
  key: string
  scope_id: string
  payload: string
  updated_at: number
  expires_at?: number | null
}
export const StateRow = (() => {
  function check_StateRow(value: any): boolean {
    return (
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      typeof value['key'] === 'string' &&
      typeof value['scope_id'] === 'string' &&
      typeof value['payload'] === 'string' &&
      Number.isInteger(value['updated_at']) &&
      (value['expires_at'] !== undefined
        ? Number.isInteger(value['expires_at']) || value['expires_at'] === null
        : true)
    )
  }
  return function check(value: any): value is StateRow {
    return check_StateRow(value)
  }
})()

export type SentinelsRow = {
  name: string
  scope_id: string
  last_fired: number
}
export const SentinelsRow = (() => {
  function check_SentinelsRow(value: any): boolean {
    return (
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      typeof value['name'] === 'string' &&
      typeof value['scope_id'] === 'string' &&
      Number.isInteger(value['last_fired'])
    )
  }
  return function check(value: any): value is SentinelsRow {
    return check_SentinelsRow(value)
  }
})()

export type DispatchesRow = {
  id: string
  agent_type: string
  status: string
  project_dir: string
  prompt_file?: string | null
  prompt_hash?: string | null
  output_file?: string | null
  verdict_file?: string | null
  pid?: number | null
  exit_code?: number | null
  name?: string | null
  model?: string | null
  sandbox?: string | null
  timeout_sec?: number | null
  turns?: number | null
  commands?: number | null
  messages?: number | null
  input_tokens?: number | null
  output_tokens?: number | null
  created_at: number
  started_at?: number | null
  completed_at?: number | null
  verdict_status?: string | null
  verdict_summary?: string | null
  error_message?: string | null
  scope_id?: string | null
  parent_id?: string | null
}
export const DispatchesRow = (() => {
  function check_DispatchesRow(value: any): boolean {
    return (
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      typeof value['id'] === 'string' &&
      typeof value['agent_type'] === 'string' &&
      typeof value['status'] === 'string' &&
      typeof value['project_dir'] === 'string' &&
      (value['prompt_file'] !== undefined
        ? typeof value['prompt_file'] === 'string' ||
          value['prompt_file'] === null
        : true) &&
      (value['prompt_hash'] !== undefined
        ? typeof value['prompt_hash'] === 'string' ||
          value['prompt_hash'] === null
        : true) &&
      (value['output_file'] !== undefined
        ? typeof value['output_file'] === 'string' ||
          value['output_file'] === null
        : true) &&
      (value['verdict_file'] !== undefined
        ? typeof value['verdict_file'] === 'string' ||
          value['verdict_file'] === null
        : true) &&
      (value['pid'] !== undefined
        ? Number.isInteger(value['pid']) || value['pid'] === null
        : true) &&
      (value['exit_code'] !== undefined
        ? Number.isInteger(value['exit_code']) || value['exit_code'] === null
        : true) &&
      (value['name'] !== undefined
        ? typeof value['name'] === 'string' || value['name'] === null
        : true) &&
      (value['model'] !== undefined
        ? typeof value['model'] === 'string' || value['model'] === null
        : true) &&
      (value['sandbox'] !== undefined
        ? typeof value['sandbox'] === 'string' || value['sandbox'] === null
        : true) &&
      (value['timeout_sec'] !== undefined
        ? Number.isInteger(value['timeout_sec']) ||
          value['timeout_sec'] === null
        : true) &&
      (value['turns'] !== undefined
        ? Number.isInteger(value['turns']) || value['turns'] === null
        : true) &&
      (value['commands'] !== undefined
        ? Number.isInteger(value['commands']) || value['commands'] === null
        : true) &&
      (value['messages'] !== undefined
        ? Number.isInteger(value['messages']) || value['messages'] === null
        : true) &&
      (value['input_tokens'] !== undefined
        ? Number.isInteger(value['input_tokens']) ||
          value['input_tokens'] === null
        : true) &&
      (value['output_tokens'] !== undefined
        ? Number.isInteger(value['output_tokens']) ||
          value['output_tokens'] === null
        : true) &&
      Number.isInteger(value['created_at']) &&
      (value['started_at'] !== undefined
        ? Number.isInteger(value['started_at']) || value['started_at'] === null
        : true) &&
      (value['completed_at'] !== undefined
        ? Number.isInteger(value['completed_at']) ||
          value['completed_at'] === null
        : true) &&
      (value['verdict_status'] !== undefined
        ? typeof value['verdict_status'] === 'string' ||
          value['verdict_status'] === null
        : true) &&
      (value['verdict_summary'] !== undefined
        ? typeof value['verdict_summary'] === 'string' ||
          value['verdict_summary'] === null
        : true) &&
      (value['error_message'] !== undefined
        ? typeof value['error_message'] === 'string' ||
          value['error_message'] === null
        : true) &&
      (value['scope_id'] !== undefined
        ? typeof value['scope_id'] === 'string' || value['scope_id'] === null
        : true) &&
      (value['parent_id'] !== undefined
        ? typeof value['parent_id'] === 'string' || value['parent_id'] === null
        : true)
    )
  }
  return function check(value: any): value is DispatchesRow {
    return check_DispatchesRow(value)
  }
})()

export type RunsRow = {
  id: string
  project_dir: string
  goal: string
  status: string
  phase: string
  complexity: number
  force_full: number
  auto_advance: number
  created_at: number
  updated_at: number
  completed_at?: number | null
  scope_id?: string | null
  metadata?: string | null
}
export const RunsRow = (() => {
  function check_RunsRow(value: any): boolean {
    return (
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      typeof value['id'] === 'string' &&
      typeof value['project_dir'] === 'string' &&
      typeof value['goal'] === 'string' &&
      typeof value['status'] === 'string' &&
      typeof value['phase'] === 'string' &&
      Number.isInteger(value['complexity']) &&
      Number.isInteger(value['force_full']) &&
      Number.isInteger(value['auto_advance']) &&
      Number.isInteger(value['created_at']) &&
      Number.isInteger(value['updated_at']) &&
      (value['completed_at'] !== undefined
        ? Number.isInteger(value['completed_at']) ||
          value['completed_at'] === null
        : true) &&
      (value['scope_id'] !== undefined
        ? typeof value['scope_id'] === 'string' || value['scope_id'] === null
        : true) &&
      (value['metadata'] !== undefined
        ? typeof value['metadata'] === 'string' || value['metadata'] === null
        : true)
    )
  }
  return function check(value: any): value is RunsRow {
    return check_RunsRow(value)
  }
})()

export type PhaseEventsRow = {
  id: number
  run_id: string
  from_phase: string
  to_phase: string
  event_type: string
  gate_result?: string | null
  gate_tier?: string | null
  reason?: string | null
  created_at: number
}
export const PhaseEventsRow = (() => {
  function check_PhaseEventsRow(value: any): boolean {
    return (
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      Number.isInteger(value['id']) &&
      typeof value['run_id'] === 'string' &&
      typeof value['from_phase'] === 'string' &&
      typeof value['to_phase'] === 'string' &&
      typeof value['event_type'] === 'string' &&
      (value['gate_result'] !== undefined
        ? typeof value['gate_result'] === 'string' ||
          value['gate_result'] === null
        : true) &&
      (value['gate_tier'] !== undefined
        ? typeof value['gate_tier'] === 'string' || value['gate_tier'] === null
        : true) &&
      (value['reason'] !== undefined
        ? typeof value['reason'] === 'string' || value['reason'] === null
        : true) &&
      Number.isInteger(value['created_at'])
    )
  }
  return function check(value: any): value is PhaseEventsRow {
    return check_PhaseEventsRow(value)
  }
})()

export type RunAgentsRow = {
  id: string
  run_id: string
  agent_type: string
  name?: string | null
  status: string
  dispatch_id?: string | null
  created_at: number
  updated_at: number
}
export const RunAgentsRow = (() => {
  function check_RunAgentsRow(value: any): boolean {
    return (
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      typeof value['id'] === 'string' &&
      typeof value['run_id'] === 'string' &&
      typeof value['agent_type'] === 'string' &&
      (value['name'] !== undefined
        ? typeof value['name'] === 'string' || value['name'] === null
        : true) &&
      typeof value['status'] === 'string' &&
      (value['dispatch_id'] !== undefined
        ? typeof value['dispatch_id'] === 'string' ||
          value['dispatch_id'] === null
        : true) &&
      Number.isInteger(value['created_at']) &&
      Number.isInteger(value['updated_at'])
    )
  }
  return function check(value: any): value is RunAgentsRow {
    return check_RunAgentsRow(value)
  }
})()

export type RunArtifactsRow = {
  id: string
  run_id: string
  phase: string
  path: string
  type: string
  created_at: number
}
export const RunArtifactsRow = (() => {
  function check_RunArtifactsRow(value: any): boolean {
    return (
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      typeof value['id'] === 'string' &&
      typeof value['run_id'] === 'string' &&
      typeof value['phase'] === 'string' &&
      typeof value['path'] === 'string' &&
      typeof value['type'] === 'string' &&
      Number.isInteger(value['created_at'])
    )
  }
  return function check(value: any): value is RunArtifactsRow {
    return check_RunArtifactsRow(value)
  }
})()

export type StateEntry = {
  expires_at?: number
  key: string
  payload: string
  scope_id: string
  updated_at: number
}
export const StateEntry = (() => {
  function check_StateEntry(value: any): boolean {
    return (
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      (value['expires_at'] !== undefined
        ? Number.isInteger(value['expires_at'])
        : true) &&
      typeof value['key'] === 'string' &&
      typeof value['payload'] === 'string' &&
      typeof value['scope_id'] === 'string' &&
      Number.isInteger(value['updated_at']) &&
      Object.getOwnPropertyNames(value).every((key) =>
        ['expires_at', 'key', 'payload', 'scope_id', 'updated_at'].includes(key)
      )
    )
  }
  return function check(value: any): value is StateEntry {
    return check_StateEntry(value)
  }
})()

export type Sentinel = {
  last_fired: number
  name: string
  scope_id: string
}
export const Sentinel = (() => {
  function check_Sentinel(value: any): boolean {
    return (
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      Number.isInteger(value['last_fired']) &&
      typeof value['name'] === 'string' &&
      typeof value['scope_id'] === 'string' &&
      Object.getOwnPropertyNames(value).length === 3
    )
  }
  return function check(value: any): value is Sentinel {
    return check_Sentinel(value)
  }
})()

export type Dispatch = {
  agent_type: string
  commands?: number
  completed_at?: number
  created_at: number
  error_message?: string
  exit_code?: number
  id: string
  in_tokens?: number
  messages?: number
  model?: string
  name?: string
  out_tokens?: number
  output_file?: string
  parent_id?: string
  pid?: number
  project_dir: string
  prompt_file?: string
  scope_id?: string
  started_at?: number
  status: string
  turns?: number
  verdict_status?: string
  verdict_summary?: string
}
export const Dispatch = (() => {
  function check_Dispatch(value: any): boolean {
    return (
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      typeof value['agent_type'] === 'string' &&
      (value['commands'] !== undefined
        ? Number.isInteger(value['commands'])
        : true) &&
      (value['completed_at'] !== undefined
        ? Number.isInteger(value['completed_at'])
        : true) &&
      Number.isInteger(value['created_at']) &&
      (value['error_message'] !== undefined
        ? typeof value['error_message'] === 'string'
        : true) &&
      (value['exit_code'] !== undefined
        ? Number.isInteger(value['exit_code'])
        : true) &&
      typeof value['id'] === 'string' &&
      (value['in_tokens'] !== undefined
        ? Number.isInteger(value['in_tokens'])
        : true) &&
      (value['messages'] !== undefined
        ? Number.isInteger(value['messages'])
        : true) &&
      (value['model'] !== undefined
        ? typeof value['model'] === 'string'
        : true) &&
      (value['name'] !== undefined
        ? typeof value['name'] === 'string'
        : true) &&
      (value['out_tokens'] !== undefined
        ? Number.isInteger(value['out_tokens'])
        : true) &&
      (value['output_file'] !== undefined
        ? typeof value['output_file'] === 'string'
        : true) &&
      (value['parent_id'] !== undefined
        ? typeof value['parent_id'] === 'string'
        : true) &&
      (value['pid'] !== undefined ? Number.isInteger(value['pid']) : true) &&
      typeof value['project_dir'] === 'string' &&
      (value['prompt_file'] !== undefined
        ? typeof value['prompt_file'] === 'string'
        : true) &&
      (value['scope_id'] !== undefined
        ? typeof value['scope_id'] === 'string'
        : true) &&
      (value['started_at'] !== undefined
        ? Number.isInteger(value['started_at'])
        : true) &&
      typeof value['status'] === 'string' &&
      (value['turns'] !== undefined
        ? Number.isInteger(value['turns'])
        : true) &&
      (value['verdict_status'] !== undefined
        ? typeof value['verdict_status'] === 'string'
        : true) &&
      (value['verdict_summary'] !== undefined
        ? typeof value['verdict_summary'] === 'string'
        : true) &&
      Object.getOwnPropertyNames(value).every((key) =>
        [
          'agent_type',
          'commands',
          'completed_at',
          'created_at',
          'error_message',
          'exit_code',
          'id',
          'in_tokens',
          'messages',
          'model',
          'name',
          'out_tokens',
          'output_file',
          'parent_id',
          'pid',
          'project_dir',
          'prompt_file',
          'scope_id',
          'started_at',
          'status',
          'turns',
          'verdict_status',
          'verdict_summary'
        ].includes(key)
      )
    )
  }
  return function check(value: any): value is Dispatch {
    return check_Dispatch(value)
  }
})()

export type Run = {
  auto_advance: boolean
  completed_at?: number
  complexity: number
  created_at: number
  force_full: boolean
  goal: string
  id: string
  metadata?: string
  phase: string
  project_dir: string
  scope_id?: string
  status: string
  updated_at: number
}
export const Run = (() => {
  function check_Run(value: any): boolean {
    return (
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      typeof value['auto_advance'] === 'boolean' &&
      (value['completed_at'] !== undefined
        ? Number.isInteger(value['completed_at'])
        : true) &&
      Number.isInteger(value['complexity']) &&
      Number.isInteger(value['created_at']) &&
      typeof value['force_full'] === 'boolean' &&
      typeof value['goal'] === 'string' &&
      typeof value['id'] === 'string' &&
      (value['metadata'] !== undefined
        ? typeof value['metadata'] === 'string'
        : true) &&
      typeof value['phase'] === 'string' &&
      typeof value['project_dir'] === 'string' &&
      (value['scope_id'] !== undefined
        ? typeof value['scope_id'] === 'string'
        : true) &&
      typeof value['status'] === 'string' &&
      Number.isInteger(value['updated_at']) &&
      Object.getOwnPropertyNames(value).every((key) =>
        [
          'auto_advance',
          'completed_at',
          'complexity',
          'created_at',
          'force_full',
          'goal',
          'id',
          'metadata',
          'phase',
          'project_dir',
          'scope_id',
          'status',
          'updated_at'
        ].includes(key)
      )
    )
  }
  return function check(value: any): value is Run {
    return check_Run(value)
  }
})()

export type PhaseEvent = {
  created_at: number
  event_type: string
  from_phase: string
  gate_result?: string
  gate_tier?: string
  id: number
  reason?: string
  run_id: string
  to_phase: string
}
export const PhaseEvent = (() => {
  function check_PhaseEvent(value: any): boolean {
    return (
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      Number.isInteger(value['created_at']) &&
      typeof value['event_type'] === 'string' &&
      typeof value['from_phase'] === 'string' &&
      (value['gate_result'] !== undefined
        ? typeof value['gate_result'] === 'string'
        : true) &&
      (value['gate_tier'] !== undefined
        ? typeof value['gate_tier'] === 'string'
        : true) &&
      Number.isInteger(value['id']) &&
      (value['reason'] !== undefined
        ? typeof value['reason'] === 'string'
        : true) &&
      typeof value['run_id'] === 'string' &&
      typeof value['to_phase'] === 'string' &&
      Object.getOwnPropertyNames(value).every((key) =>
        [
          'created_at',
          'event_type',
          'from_phase',
          'gate_result',
          'gate_tier',
          'id',
          'reason',
          'run_id',
          'to_phase'
        ].includes(key)
      )
    )
  }
  return function check(value: any): value is PhaseEvent {
    return check_PhaseEvent(value)
  }
})()

export type RunAgent = {
  agent_type: string
  created_at: number
  dispatch_id?: string
  id: string
  name?: string
  run_id: string
  status: string
  updated_at: number
}
export const RunAgent = (() => {
  function check_RunAgent(value: any): boolean {
    return (
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      typeof value['agent_type'] === 'string' &&
      Number.isInteger(value['created_at']) &&
      (value['dispatch_id'] !== undefined
        ? typeof value['dispatch_id'] === 'string'
        : true) &&
      typeof value['id'] === 'string' &&
      (value['name'] !== undefined
        ? typeof value['name'] === 'string'
        : true) &&
      typeof value['run_id'] === 'string' &&
      typeof value['status'] === 'string' &&
      Number.isInteger(value['updated_at']) &&
      Object.getOwnPropertyNames(value).every((key) =>
        [
          'agent_type',
          'created_at',
          'dispatch_id',
          'id',
          'name',
          'run_id',
          'status',
          'updated_at'
        ].includes(key)
      )
    )
  }
  return function check(value: any): value is RunAgent {
    return check_RunAgent(value)
  }
})()

export type RunArtifact = {
  created_at: number
  id: string
  path: string
  phase: string
  run_id: string
  type: string
}
export const RunArtifact = (() => {
  function check_RunArtifact(value: any): boolean {
    return (
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      Number.isInteger(value['created_at']) &&
      typeof value['id'] === 'string' &&
      typeof value['path'] === 'string' &&
      typeof value['phase'] === 'string' &&
      typeof value['run_id'] === 'string' &&
      typeof value['type'] === 'string' &&
      Object.getOwnPropertyNames(value).length === 6
    )
  }
  return function check(value: any): value is RunArtifact {
    return check_RunArtifact(value)
  }
})()
