-- Goals: what runs work towards, and the fenced lease a goal closes under.

-- name: insertGoal :one
-- A new goal, open.
-- param: charter_path text?
-- param: bead_id text?
INSERT INTO goals (id, project_dir, title, charter_path, condition_text, status, complexity, bead_id, created_at, updated_at)
VALUES (@id, @project_dir, @title, @charter_path, @condition_text, {{goal_status.open}}, @complexity, @bead_id, @now, @now)
RETURNING *;

-- name: getGoal :one
SELECT * FROM goals WHERE id = @id;

-- name: listGoals :many
-- Goals, newest first (ties: the later insert), of one project and one status when given.
-- scans: goals
-- param: project_dir text?
-- param: status goal_status?
SELECT * FROM goals
WHERE (@project_dir IS NULL OR project_dir = @project_dir)
  AND (@status IS NULL OR status = @status)
ORDER BY created_at DESC, rowid DESC;

-- name: acquireGoalClose :one
-- Takes the close lease (compare-and-set): an open goal, or a closing one whose lease expired before now, becomes
-- closing under a new fence; the new fence, or no row when the lease is not free.
UPDATE goals SET
  status = {{goal_status.closing}},
  closing_run_id = @closing_run_id,
  lease_owner = @lease_owner,
  lease_expires_at = @lease_expires_at,
  fence_gen = fence_gen + 1,
  updated_at = @now
WHERE id = @id
  AND (status = {{goal_status.open}}
       OR (status = {{goal_status.closing}} AND lease_expires_at IS NOT NULL AND lease_expires_at < @now))
RETURNING fence_gen;

-- name: stampGoalStep :exec
-- Stamps one terminal step under the fence (compare-and-set on the fence and the closing status): 1 when it held.
-- param: step goal_step
UPDATE goals SET
  verified_at = CASE WHEN @step = {{goal_step.verified}} THEN @now ELSE verified_at END,
  reflected_at = CASE WHEN @step = {{goal_step.reflected}} THEN @now ELSE reflected_at END,
  compounded_at = CASE WHEN @step = {{goal_step.compounded}} THEN @now ELSE compounded_at END,
  successor_proposed_at = CASE WHEN @step = {{goal_step.successor_proposed}} THEN @now ELSE successor_proposed_at END,
  updated_at = @now
WHERE id = @id AND fence_gen = @fence AND status = {{goal_status.closing}};

-- name: finishGoalClose :exec
-- Closes the goal under the fence, when every terminal step is stamped: 1 when it did.
UPDATE goals SET
  status = {{goal_status.closed}},
  closed_at = @now,
  updated_at = @now,
  lease_owner = NULL,
  lease_expires_at = NULL
WHERE id = @id AND fence_gen = @fence AND status = {{goal_status.closing}}
  AND verified_at IS NOT NULL AND reflected_at IS NOT NULL
  AND compounded_at IS NOT NULL AND successor_proposed_at IS NOT NULL;

-- name: releaseGoalClose :exec
-- Gives the lease up under the fence: the goal is open again. 1 when it held.
UPDATE goals SET
  status = {{goal_status.open}},
  lease_owner = NULL,
  lease_expires_at = NULL,
  closing_run_id = NULL,
  updated_at = @now
WHERE id = @id AND fence_gen = @fence AND status = {{goal_status.closing}};

-- name: setGoalSuccessor :exec
-- Records what succeeds the goal (a bead, a goal, or any reference): 1 when the goal is there.
UPDATE goals SET successor_ref = @successor_ref, updated_at = @now WHERE id = @id;

-- name: touchGoalActivity :exec
-- An attached run advanced: the goal is active now (what goal audit's dormancy reads).
UPDATE goals SET last_run_advanced_at = @now, updated_at = @now WHERE id = @id;

-- name: auditGoals :many
-- The goals an audit looks at (open, closing, closed), of one project when given, by id, with their last activity.
-- scans: goals
-- param: project_dir text?
-- column: last_activity integer
SELECT id, title, status, lease_expires_at, successor_ref, coalesce(last_run_advanced_at, created_at) AS last_activity
FROM goals
WHERE status IN ({{goal_status.open}}, {{goal_status.closing}}, {{goal_status.closed}})
  AND (@project_dir IS NULL OR project_dir = @project_dir)
ORDER BY id;
