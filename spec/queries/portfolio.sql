-- name: insertProjectDep :exec
-- A dependency edge of a portfolio.
INSERT INTO project_deps (portfolio_run_id, upstream_project, downstream_project, created_at)
VALUES (@portfolio_run_id, @upstream_project, @downstream_project, @now);

-- name: projectDeps :many
-- A portfolio's dependency edges, oldest first.
SELECT id, upstream_project AS upstream, downstream_project AS downstream, created_at FROM project_deps
WHERE portfolio_run_id = @portfolio_run_id ORDER BY id;

-- name: downstreamProjects :many
-- The projects that depend on a project within a portfolio.
SELECT downstream_project FROM project_deps
WHERE portfolio_run_id = @portfolio_run_id AND upstream_project = @upstream_project
ORDER BY downstream_project;

-- name: deleteProjectDep :exec
-- Removes one dependency edge: 1 when it was there.
DELETE FROM project_deps
WHERE portfolio_run_id = @portfolio_run_id AND upstream_project = @upstream_project AND downstream_project = @downstream_project;

-- name: portfolioChildProject :one
-- Whether a project has a child run in a portfolio.
SELECT id FROM runs WHERE parent_run_id = @parent_run_id AND project_dir = @project_dir LIMIT 1;

-- name: insertRelayEvent :exec
-- A child's phase event relayed to its portfolio (as Go's relay writes it: no gate, no envelope).
INSERT INTO phase_events (run_id, from_phase, to_phase, event_type, reason, created_at)
VALUES (@run_id, @from_phase, @to_phase, @event_type, @reason, @now);

-- name: childPhaseEventsAfter :many
-- A child project's database: its phase events after the relay's cursor, oldest first, at most 100;
-- never the portfolio's own (a child in the portfolio's own project would relay its relays for ever).
SELECT id, from_phase, to_phase, event_type FROM phase_events WHERE id > @since AND run_id != @portfolio_id ORDER BY id LIMIT 100;

-- name: childActiveDispatches :one
-- A child project's database: its dispatches still going.
-- column: n integer
-- scans: dispatches?
SELECT count(*) AS n FROM dispatches WHERE status IN ({{dispatch_status.spawned}}, {{dispatch_status.running}});
