-- Phase actions: the commands a run's phases ask for.

-- name: insertAction :one
-- A new action, unless the run has this command for this phase already (then no row). A type or mode left null takes the column's default.
-- param: action_type text?
-- param: mode text?
INSERT INTO phase_actions (run_id, phase, action_type, command, args, mode, priority, created_at, updated_at)
VALUES (@run_id, @phase, coalesce(@action_type, {{phase_actions.action_type.default}}), @command, @args,
  coalesce(@mode, {{phase_actions.mode.default}}), @priority, @now, @now)
ON CONFLICT (run_id, phase, command) DO NOTHING
RETURNING id;

-- name: phaseActions :many
-- A phase's actions, by priority then id.
SELECT * FROM phase_actions WHERE run_id = @run_id AND phase = @phase ORDER BY priority, id;

-- name: runActions :many
-- A run's actions, by phase, priority, then id.
SELECT * FROM phase_actions WHERE run_id = @run_id ORDER BY phase, priority, id;

-- name: updateAction :exec
-- Sets what is given (null keeps the value): 1 when the action exists.
-- param: args text?
-- param: mode text?
-- param: priority integer?
UPDATE phase_actions SET
  args = coalesce(@args, args),
  mode = coalesce(@mode, mode),
  priority = coalesce(@priority, priority),
  updated_at = @now
WHERE run_id = @run_id AND phase = @phase AND command = @command;

-- name: deleteAction :exec
DELETE FROM phase_actions WHERE run_id = @run_id AND phase = @phase AND command = @command;
