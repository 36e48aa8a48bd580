-- Runs, their phase events, agents and artifacts.

-- name: getRun :one
SELECT * FROM runs WHERE id = @id;

-- name: insertRun :one
-- A new run, active, in the first phase of its chain (a portfolio's child names its parent).
INSERT INTO runs (id, project_dir, goal, phase, complexity, auto_advance, scope_id, metadata, phases, token_budget, budget_warn_pct,
  goal_id, parent_run_id, max_dispatches, budget_enforce, max_agents, gate_rules, created_at, updated_at)
VALUES (@id, @project_dir, @goal, @phase, @complexity, @auto_advance, @scope_id, @metadata, @phases, @token_budget, @budget_warn_pct,
  @goal_id, @parent_run_id, @max_dispatches, @budget_enforce, @max_agents, @gate_rules, @now, @now)
RETURNING *;

-- name: moveRun :exec
-- Moves the run to a phase, if it is still in the phase the move was decided from (compare-and-set): 1 when it was.
UPDATE runs SET phase = @to_phase, updated_at = @now WHERE id = @id AND phase = @from_phase;

-- name: moveRunToEnd :exec
-- Moves the run to its chain's last phase and completes it, if it is still in the phase the move was decided from.
UPDATE runs SET phase = @to_phase, status = {{run_status.completed}}, completed_at = @now, updated_at = @now
WHERE id = @id AND phase = @from_phase;

-- name: cancelRun :exec
-- Cancels the run, if its status is still the one read.
UPDATE runs SET status = {{run_status.cancelled}}, completed_at = @now, updated_at = @now WHERE id = @id AND status = @status;

-- name: setRunSettings :exec
-- Sets the settings given (one left null keeps its value).
-- param: complexity integer?
-- param: auto_advance boolean?
-- param: force_full boolean?
-- param: max_dispatches integer?
-- param: metadata text?
UPDATE runs SET
  complexity = coalesce(@complexity, complexity),
  auto_advance = coalesce(@auto_advance, auto_advance),
  force_full = coalesce(@force_full, force_full),
  max_dispatches = coalesce(@max_dispatches, max_dispatches),
  metadata = coalesce(@metadata, metadata),
  updated_at = @now
WHERE id = @id;

-- name: currentRun :one
-- The most recently created active run of a project; ties on created_at go to the later insert.
SELECT id, goal, phase FROM runs
WHERE project_dir = @project_dir AND status = {{run_status.active}}
ORDER BY created_at DESC, rowid DESC LIMIT 1;

-- name: activeRunProjects :many
-- The projects that have an active run (run current at a terminal names them when the working directory has none).
SELECT DISTINCT project_dir FROM runs WHERE status = {{run_status.active}} ORDER BY project_dir LIMIT 20;

-- name: skippedPhases :many
-- The phases run skip has marked for a run.
SELECT to_phase FROM phase_events WHERE run_id = @run_id AND event_type = {{event_type.skip}};

-- name: insertPhaseEvent :one
INSERT INTO phase_events (run_id, from_phase, to_phase, event_type, gate_result, gate_tier, reason, envelope_json, created_at)
VALUES (@run_id, @from_phase, @to_phase, @event_type, @gate_result, @gate_tier, @reason, @envelope_json, @created_at)
RETURNING *;

-- name: countPhaseArtifacts :one
-- The run's active artifacts of a phase (a rollback marks those it passed back over rolled_back).
-- column: n integer
SELECT count(*) AS n FROM run_artifacts WHERE run_id = @run_id AND phase = @phase AND status = 'active';

-- name: latestActiveArtifact :one
-- The run's newest active artifact of a type (ties: the later insert).
SELECT * FROM run_artifacts WHERE run_id = @run_id AND type = @type AND status = 'active'
ORDER BY created_at DESC, rowid DESC LIMIT 1;

-- name: insertArtifact :one
INSERT INTO run_artifacts (id, run_id, phase, path, type, content_hash, dispatch_id, created_at)
VALUES (@id, @run_id, @phase, @path, @type, @content_hash, @dispatch_id, @created_at)
RETURNING *;

-- name: countActiveAgents :one
-- column: n integer
SELECT count(*) AS n FROM run_agents WHERE run_id = @run_id AND status = {{agent_status.active}};

-- name: waitingAgents :many
-- The run's active agents with no dispatch yet, oldest first (what auto-spawn starts).
SELECT * FROM run_agents
WHERE run_id = @run_id AND status = {{agent_status.active}} AND dispatch_id IS NULL
ORDER BY created_at, rowid;

-- name: linkAgentDispatch :exec
-- Links the agent to its dispatch, unless another process linked it first: 1 when this one did.
UPDATE run_agents SET dispatch_id = @dispatch_id, updated_at = @now WHERE id = @id AND dispatch_id IS NULL;

-- name: completionRuns :many
-- The latest runs, for shell completion (ic completion-ids runs),
-- newest first: a walk back from the table's end that stops at the 200th row.
-- scans: runs
SELECT id, status, phase, goal FROM runs ORDER BY rowid DESC LIMIT 200;
