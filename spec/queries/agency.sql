-- Agency specs loaded into a run.

-- name: addAgencyAction :exec
-- A spec's agent as a phase action of the run; one the run already has (same phase and command) is kept as it is.
INSERT OR IGNORE INTO phase_actions (run_id, phase, action_type, command, args, mode, priority, created_at, updated_at)
VALUES (@run_id, @phase, {{phase_actions.action_type.default}}, @command, @args, @mode, @priority, @now, @now);

-- name: agencyRunExists :one
-- column: found boolean
SELECT count(*) > 0 AS found FROM runs WHERE id = @id;

-- name: agencyStateGet :one
-- A live state entry (not expired).
SELECT payload FROM state WHERE key = @key AND scope_id = @scope_id AND (expires_at IS NULL OR expires_at > @now);
