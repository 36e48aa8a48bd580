// GENERATED from spec/intercore.yaml by codegen/. DO NOT EDIT: change the spec (or codegen/) and run `npm run gen`.
export { StateStore, type StateInsert, type StateKey } from './state';
export { SentinelsStore, type SentinelsInsert, type SentinelsKey } from './sentinels';
export { DispatchesStore, type DispatchesInsert, type DispatchesKey } from './dispatches';
export { RunsStore, type RunsInsert, type RunsKey } from './runs';
export { PhaseEventsStore, type PhaseEventsInsert, type PhaseEventsKey } from './phase_events';
export { RunAgentsStore, type RunAgentsInsert, type RunAgentsKey } from './run_agents';
export { RunArtifactsStore, type RunArtifactsInsert, type RunArtifactsKey } from './run_artifacts';
