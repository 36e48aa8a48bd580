-- Rollback: a run sent back to an earlier phase of its chain, and what it had made since.

-- name: rewindRun :exec
-- Sends the run back to an earlier phase, reopening a completed run, if it is still in the phase and status the rollback was decided from (compare-and-set): 1 when it was.
UPDATE runs SET phase = @to_phase, status = {{run_status.active}}, completed_at = NULL, updated_at = @now
WHERE id = @id AND phase = @from_phase AND status = @status;

-- name: markArtifactsRolledBack :exec
-- Marks the run's active artifacts of the phases passed back over (a JSON array of names) rolled_back.
-- param: phases text
UPDATE run_artifacts SET status = 'rolled_back'
WHERE run_id = @run_id AND status = 'active' AND phase IN (SELECT value FROM json_each(@phases));

-- name: activeRunDispatches :many
-- The run's dispatches (scope_id = run id) not yet in a terminal status, oldest first.
SELECT * FROM dispatches WHERE scope_id = @run_id AND status IN ({{dispatch_status.active}}) ORDER BY created_at, rowid;

-- name: failActiveAgents :exec
-- Fails the run's active agents.
UPDATE run_agents SET status = {{agent_status.failed}}, updated_at = @now WHERE run_id = @run_id AND status = {{agent_status.active}};

-- name: codeRollbackEntries :many
-- The run's artifacts (of one phase, when given) with the name of the dispatch that made them, by phase then age.
-- param: phase text?
SELECT a.dispatch_id, d.name AS dispatch_name, a.phase, a.path, a.content_hash, a.type, a.status
FROM run_artifacts a LEFT JOIN dispatches d ON d.id = a.dispatch_id
WHERE a.run_id = @run_id AND (@phase IS NULL OR a.phase = @phase)
ORDER BY a.phase, a.created_at, a.rowid;

-- name: runDispatchStatuses :many
-- The statuses of the run's dispatches (scope_id = run id): what a replay expects events of.
SELECT status FROM dispatches WHERE scope_id = @run_id;

-- name: replayInputs :many
-- A run's recorded replay inputs, oldest first, at most @limit.
SELECT * FROM run_replay_inputs WHERE run_id = @run_id ORDER BY created_at, id LIMIT @limit;

-- name: insertReplayInput :one
-- A replay input recorded by hand (run replay record); an empty key, artifact ref or event source is stored as null.
-- param: input_key text
-- param: artifact_ref text
-- param: event_source text
-- param: event_id integer?
INSERT INTO run_replay_inputs (run_id, kind, input_key, payload, artifact_ref, event_source, event_id, created_at)
VALUES (@run_id, @kind, nullif(@input_key, ''), @payload, nullif(@artifact_ref, ''), nullif(@event_source, ''), @event_id, @now)
RETURNING id;
