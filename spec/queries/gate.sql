-- Gate checks and calibration signals.

-- name: countUncleanVerdicts :one
-- How many dispatches of a scope returned a fail or error verdict.
-- column: n integer
SELECT count(*) AS n FROM dispatches WHERE scope_id = @scope_id AND verdict_status IN ('fail', 'error');

-- name: gateEventsAfter :many
-- The phase events after a cursor whose gate said something (a result other than none), oldest first.
SELECT id, run_id, from_phase, to_phase, event_type, gate_result, reason, created_at FROM phase_events
WHERE id > @since_id AND gate_result IS NOT NULL AND gate_result <> 'none'
ORDER BY id;

-- name: rollbacksAfter :many
-- The rollback events after a cursor, oldest first.
SELECT run_id, from_phase, to_phase FROM phase_events WHERE id > @since_id AND event_type = 'rollback' ORDER BY id;

-- name: insertStaleCalibrationEvent :exec
-- A calibration file older than 24 hours was ignored: an interspect event says so.
INSERT INTO interspect_events (run_id, agent_name, event_type, context_json, project_dir, created_at)
VALUES (@run_id, 'intercore', 'calibration_file_stale', @context_json, @project_dir, @now);

-- name: childRuns :many
-- A portfolio run's child runs, oldest first.
SELECT * FROM runs WHERE parent_run_id = @parent_run_id ORDER BY created_at, rowid;

-- name: upstreamProjects :many
-- The projects a child run's project depends on within its portfolio.
SELECT upstream_project FROM project_deps
WHERE portfolio_run_id = @portfolio_run_id AND downstream_project = @downstream_project
ORDER BY upstream_project;
