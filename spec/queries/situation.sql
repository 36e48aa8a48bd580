-- The situation snapshot: what is going on now.

-- name: activeRuns :many
SELECT * FROM runs WHERE status = {{run_status.active}} ORDER BY created_at DESC, rowid DESC;

-- name: activeDispatches :many
SELECT * FROM dispatches WHERE status IN ({{dispatch_status.spawned}}, {{dispatch_status.running}}) ORDER BY created_at DESC, rowid DESC;

-- name: queueCounts :many
-- How many scheduler jobs wait, run and wait for a retry.
-- column: n integer
SELECT status, count(*) AS n FROM scheduler_jobs WHERE status IN ('pending', 'running', 'retrying') GROUP BY status;

-- name: latestAgencyEvents :many
-- Each agency's event of the highest id, of one run ('' for every run), by agency name.
-- param: run_id text
-- scans: agency_events
SELECT e.* FROM agency_events e
JOIN (
  SELECT agency_name, max(id) AS id FROM agency_events
  WHERE (@run_id = '' OR coalesce(run_id, '') = @run_id)
  GROUP BY agency_name
) latest ON latest.id = e.id
ORDER BY e.agency_name;
