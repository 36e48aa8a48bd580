-- Cost reconciliations: billed token counts set against the reported ones.

-- name: insertReconciliation :one
-- param: dispatch_id text?
INSERT INTO cost_reconciliations (run_id, dispatch_id, reported_in, reported_out, billed_in, billed_out, delta_in, delta_out,
  source, created_at)
VALUES (@run_id, @dispatch_id, @reported_in, @reported_out, @billed_in, @billed_out, @delta_in, @delta_out, @source, @created_at)
RETURNING *;

-- name: listReconciliations :many
-- A run's reconciliations, the latest recorded first.
SELECT * FROM cost_reconciliations WHERE run_id = @run_id ORDER BY id DESC LIMIT @limit;

-- name: insertCostEvent :one
-- A cost event of a run, kept with its dispatch events (Go records it through its dispatch event store, dispatch "").
INSERT INTO dispatch_events (dispatch_id, run_id, from_status, to_status, event_type, reason, envelope_json, created_at)
VALUES ('', @run_id, '', '', @event_type, @reason, @envelope_json, @created_at)
RETURNING *;

-- name: landedBeadsSince :many
-- The landed changes not reverted since the cutoff, latest first (Go's landed list: at most 1000): their beads.
-- scans: landed_changes
SELECT bead_id FROM landed_changes WHERE landed_at >= @since AND reverted_at IS NULL ORDER BY landed_at DESC, id DESC LIMIT 1000;
