-- Landed changes: commits that reached a branch.

-- name: insertLandedChange :one
-- A (commit, project) pair already recorded is left as it is (no row returned).
-- param: dispatch_id text?
-- param: run_id text?
-- param: bead_id text?
-- param: session_id text?
-- param: files_changed integer?
-- param: insertions integer?
-- param: deletions integer?
INSERT INTO landed_changes (commit_sha, project_dir, branch, dispatch_id, run_id, bead_id, session_id, files_changed,
  insertions, deletions, landed_at)
VALUES (@commit_sha, @project_dir, @branch, @dispatch_id, @run_id, @bead_id, @session_id, @files_changed, @insertions,
  @deletions, @now)
ON CONFLICT (commit_sha, project_dir) DO NOTHING
RETURNING id;

-- name: findLandedChange :one
SELECT id FROM landed_changes WHERE commit_sha = @commit_sha AND project_dir = @project_dir;

-- name: revertLandedChange :exec
-- Marks the change reverted unless it is already: 1 when it was marked.
UPDATE landed_changes SET reverted_at = @now, reverted_by = @reverted_by
WHERE commit_sha = @commit_sha AND project_dir = @project_dir AND reverted_at IS NULL;

-- name: listLandedChanges :many
-- Latest landed first (ties: the later insert), each filter applying only when given.
-- scans: landed_changes
-- param: project_dir text?
-- param: bead_id text?
-- param: run_id text?
-- param: session_id text?
-- param: since integer?
-- param: include_reverted boolean
-- param: limit integer
SELECT * FROM landed_changes
WHERE (@project_dir IS NULL OR project_dir = @project_dir)
  AND (@bead_id IS NULL OR bead_id = @bead_id)
  AND (@run_id IS NULL OR run_id = @run_id)
  AND (@session_id IS NULL OR session_id = @session_id)
  AND (@since IS NULL OR landed_at >= @since)
  AND (@include_reverted = 1 OR reverted_at IS NULL)
ORDER BY landed_at DESC, id DESC
LIMIT @limit;

-- name: landedTotals :one
-- Changes, reverted ones, first and last landing, each filter applying only when given.
-- scans: landed_changes
-- param: project_dir text?
-- param: bead_id text?
-- param: since integer?
-- column: total integer
-- column: reverted integer
-- column: first_landing integer?
-- column: last_landing integer?
SELECT count(*) AS total, count(reverted_at) AS reverted, min(landed_at) AS first_landing, max(landed_at) AS last_landing
FROM landed_changes
WHERE (@project_dir IS NULL OR project_dir = @project_dir)
  AND (@bead_id IS NULL OR bead_id = @bead_id)
  AND (@since IS NULL OR landed_at >= @since);

-- name: landedByBead :many
-- Changes not reverted, per bead, under the same filters.
-- param: project_dir text?
-- param: bead_id text?
-- param: since integer?
-- column: key text
-- column: n integer
SELECT bead_id AS key, count(*) AS n FROM landed_changes
WHERE bead_id IS NOT NULL AND reverted_at IS NULL
  AND (@project_dir IS NULL OR project_dir = @project_dir)
  AND (@bead_id IS NULL OR bead_id = @bead_id)
  AND (@since IS NULL OR landed_at >= @since)
GROUP BY bead_id ORDER BY bead_id;

-- name: landedByRun :many
-- Changes not reverted, per run, under the same filters.
-- param: project_dir text?
-- param: bead_id text?
-- param: since integer?
-- column: key text
-- column: n integer
SELECT run_id AS key, count(*) AS n FROM landed_changes
WHERE run_id IS NOT NULL AND reverted_at IS NULL
  AND (@project_dir IS NULL OR project_dir = @project_dir)
  AND (@bead_id IS NULL OR bead_id = @bead_id)
  AND (@since IS NULL OR landed_at >= @since)
GROUP BY run_id ORDER BY run_id;
