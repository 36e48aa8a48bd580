-- The scheduler's job queue.

-- name: insertSchedulerJob :exec
INSERT INTO scheduler_jobs (id, status, priority, agent_type, session_name, spawn_opts, max_retries, retry_count, created_at)
VALUES (@id, {{scheduler_job_status.pending}}, @priority, @agent_type, @session_name, @spawn_opts, {{scheduler_jobs.max_retries.default}}, 0, @created_at);

-- name: listSchedulerJobs :many
-- Newest first; a negative limit lists all.
-- scans: scheduler_jobs
SELECT * FROM scheduler_jobs ORDER BY created_at DESC, rowid DESC LIMIT @limit;

-- name: listSchedulerJobsByStatus :many
-- The jobs in one status, newest first; a negative limit lists all.
SELECT * FROM scheduler_jobs WHERE status = @status ORDER BY created_at DESC, rowid DESC LIMIT @limit;

-- name: countSchedulerJobs :many
-- How many jobs are in each status.
-- scans: scheduler_jobs
-- column: n integer
SELECT status, count(*) AS n FROM scheduler_jobs GROUP BY status;

-- name: cancelSchedulerJob :exec
-- Cancels a job still in the status it was read in (compare-and-set): 1 when it was.
UPDATE scheduler_jobs SET status = {{scheduler_job_status.cancelled}}, completed_at = @now
WHERE id = @id AND status = @read_status;

-- name: pruneSchedulerJobs :exec
-- Deletes terminal jobs that ended before the cutoff.
DELETE FROM scheduler_jobs WHERE status IN ({{scheduler_job_status.terminal}}) AND completed_at < @cutoff;

-- name: setSchedulerPaused :exec
-- The pause flag, as Go keeps it: state (scheduler_paused, global), true or false.
INSERT OR REPLACE INTO state (key, scope_id, payload, updated_at, expires_at) VALUES ('scheduler_paused', 'global', @payload, @now, NULL);

-- name: schedulerPaused :one
-- column: paused boolean
SELECT count(*) > 0 AS paused FROM state
WHERE key = 'scheduler_paused' AND scope_id = 'global' AND payload = 'true' AND (expires_at IS NULL OR expires_at > @now);

-- name: runningSchedulerJobs :many
-- The jobs being spawned, with their dispatch's status and pid (to find claims a killed drain left).
-- column: dispatch_status text?
-- column: dispatch_pid integer?
-- column: dispatch_created_at integer?
SELECT j.*, d.status AS dispatch_status, d.pid AS dispatch_pid, d.created_at AS dispatch_created_at
FROM scheduler_jobs j LEFT JOIN dispatches d ON d.id = j.dispatch_id
WHERE j.status = {{scheduler_job_status.running}};

-- name: nextSchedulerJob :one
-- The next queued job to spawn: by priority, then age; skipped are the jobs
-- listed in @skip (a JSON array of ids), and jobs whose session already has 3
-- spawning, or whose agent type has its cap (codex 3, others 4) spawning.
-- param: skip text
SELECT j.* FROM scheduler_jobs j
WHERE j.status IN ({{scheduler_job_status.queued}})
  AND j.id NOT IN (SELECT value FROM json_each(@skip))
  AND (SELECT count(*) FROM scheduler_jobs r WHERE r.status = {{scheduler_job_status.running}} AND r.session_name IS j.session_name) < 3
  AND (SELECT count(*) FROM scheduler_jobs r WHERE r.status = {{scheduler_job_status.running}} AND r.agent_type = j.agent_type)
    < (CASE j.agent_type WHEN 'codex' THEN 3 ELSE 4 END)
ORDER BY j.priority, j.created_at, j.rowid
LIMIT 1;

-- name: claimSchedulerJob :exec
-- Claims a queued job for a spawn, with the dispatch made for it (compare-and-set on its status): 1 when claimed.
UPDATE scheduler_jobs SET status = {{scheduler_job_status.running}}, started_at = @now, dispatch_id = @dispatch_id, completed_at = NULL
WHERE id = @id AND status = @read_status;

-- name: finishSchedulerJob :exec
-- Ends a claim: completed (its dispatch started), back in the queue, or failed; only while it is still claimed with that dispatch (compare-and-set): 1 when it was.
-- param: dispatch_id text?
-- param: error_msg text?
-- param: completed_at integer?
-- param: started_at integer?
-- param: claimed_dispatch_id text?
UPDATE scheduler_jobs SET status = @status, dispatch_id = @dispatch_id, retry_count = @retry_count, error_msg = @error_msg,
  started_at = @started_at, completed_at = @completed_at
WHERE id = @id AND status = {{scheduler_job_status.running}} AND dispatch_id IS @claimed_dispatch_id;

-- name: failUnspawnableJob :exec
-- A queued job that cannot be spawned at all (its options are unreadable or its prompt is gone): a retry, or failed once out of retries (compare-and-set on its status).
-- param: error_msg text?
-- param: completed_at integer?
UPDATE scheduler_jobs SET status = @status, retry_count = @retry_count, error_msg = @error_msg, completed_at = @completed_at
WHERE id = @id AND status = @read_status;

-- name: getSchedulerJob :one
SELECT * FROM scheduler_jobs WHERE id = @id;
