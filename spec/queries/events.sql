-- The event bus: the events of every source read after a position, each
-- source in id order (a cursor is the last id delivered of each source).

-- name: phaseEventsAfter :many
SELECT * FROM phase_events WHERE id > @after ORDER BY id LIMIT @limit;

-- name: runPhaseEventsAfter :many
SELECT * FROM phase_events WHERE run_id = @run_id AND id > @after ORDER BY id LIMIT @limit;

-- name: dispatchEventsAfter :many
SELECT * FROM dispatch_events WHERE id > @after ORDER BY id LIMIT @limit;

-- name: runDispatchEventsAfter :many
SELECT * FROM dispatch_events WHERE run_id = @run_id AND id > @after ORDER BY id LIMIT @limit;

-- name: coordinationEventsAfter :many
SELECT * FROM coordination_events WHERE id > @after ORDER BY id LIMIT @limit;

-- name: runCoordinationEventsAfter :many
SELECT * FROM coordination_events WHERE run_id = @run_id AND id > @after ORDER BY id LIMIT @limit;

-- name: discoveryEventsAfter :many
-- Discovery events belong to no run: only the whole bus (--all) has them.
SELECT * FROM discovery_events WHERE id > @after ORDER BY id LIMIT @limit;

-- name: reviewEventsAfter :many
SELECT * FROM review_events WHERE id > @after ORDER BY id LIMIT @limit;

-- name: runReviewEventsAfter :many
SELECT * FROM review_events WHERE run_id = @run_id AND id > @after ORDER BY id LIMIT @limit;

-- name: interspectEventsAfter :many
SELECT * FROM interspect_events WHERE id > @after ORDER BY id LIMIT @limit;

-- name: runInterspectEventsAfter :many
SELECT * FROM interspect_events WHERE run_id = @run_id AND id > @after ORDER BY id LIMIT @limit;

-- name: agencyEventsAfter :many
SELECT * FROM agency_events WHERE id > @after ORDER BY id LIMIT @limit;

-- name: runAgencyEventsAfter :many
SELECT * FROM agency_events WHERE run_id = @run_id AND id > @after ORDER BY id LIMIT @limit;

-- name: intentEventsAfter :many
SELECT * FROM intent_events WHERE id > @after ORDER BY id LIMIT @limit;

-- name: runIntentEventsAfter :many
SELECT * FROM intent_events WHERE run_id = @run_id AND id > @after ORDER BY id LIMIT @limit;

-- The sources ic takes events for (events emit, events record, interspect record).

-- name: insertReviewEvent :one
INSERT INTO review_events (run_id, finding_id, agents_json, resolution, dismissal_reason, chosen_severity, impact, event_type, session_id, project_dir, created_at)
VALUES (@run_id, @finding_id, @agents_json, @resolution, @dismissal_reason, @chosen_severity, @impact, @event_type, @session_id, @project_dir, @created_at)
RETURNING id;

-- name: insertInterspectEvent :one
INSERT INTO interspect_events (run_id, agent_name, event_type, override_reason, context_json, session_id, project_dir, created_at)
VALUES (@run_id, @agent_name, @event_type, @override_reason, @context_json, @session_id, @project_dir, @created_at)
RETURNING id;

-- name: findInterspectEventOnce :one
-- The first event recorded under an idempotency key (kept in session_id, as Go keeps it) for a run, agent and type.
-- param: run_id text
SELECT id FROM interspect_events
WHERE agent_name = @agent_name AND event_type = @event_type AND session_id = @idempotency_key AND COALESCE(run_id, '') = @run_id
ORDER BY id LIMIT 1;

-- name: insertAgencyEventOnce :one
-- The new event's id, or no row when the agency has one under that key already.
INSERT INTO agency_events (run_id, agency_name, event_type, cycle_id, stage, context_json, idempotency_key, project_dir, created_at)
VALUES (@run_id, @agency_name, @event_type, @cycle_id, @stage, @context_json, @idempotency_key, @project_dir, @created_at)
ON CONFLICT (agency_name, idempotency_key) DO NOTHING
RETURNING id;

-- name: findAgencyEvent :one
SELECT id FROM agency_events WHERE agency_name = @agency_name AND idempotency_key = @idempotency_key;

-- name: insertIntentEvent :exec
INSERT INTO intent_events (intent_type, bead_id, idempotency_key, session_id, run_id, success, error_detail, created_at)
VALUES (@intent_type, @bead_id, @idempotency_key, @session_id, @run_id, @success, @error_detail, @created_at);

-- name: insertEventReplayInput :exec
-- What a run's replay reads of an event recorded for it (Go's insertReplayInput).
INSERT INTO run_replay_inputs (run_id, kind, input_key, payload, artifact_ref, event_source, event_id, created_at)
VALUES (@run_id, @kind, @input_key, @payload, @artifact_ref, @event_source, @event_id, @created_at);

-- name: runExists :one
-- column: n integer
SELECT count(*) AS n FROM runs WHERE id = @id;

-- The typed readers (events list-review, events list-agency, interspect query), in id order.

-- name: listReviewEvents :many
SELECT * FROM review_events WHERE id > @since ORDER BY id LIMIT @limit;

-- name: listAgencyEvents :many
-- param: run_id text
SELECT * FROM agency_events
WHERE (@agency_name = '' OR agency_name = @agency_name) AND (@run_id = '' OR COALESCE(run_id, '') = @run_id) AND id > @since
ORDER BY id LIMIT @limit;

-- name: listInterspectEvents :many
SELECT * FROM interspect_events WHERE (@agent_name = '' OR agent_name = @agent_name) AND id > @since ORDER BY id LIMIT @limit;

-- The latest events of each source (of the whole bus, or of one run), newest first: each
-- "scan" reads backwards from the newest row and stops at the limit.

-- name: latestPhaseEvents :many
-- scans: phase_events
SELECT * FROM phase_events ORDER BY id DESC LIMIT @limit;

-- name: latestRunPhaseEvents :many
SELECT * FROM phase_events WHERE run_id = @run_id ORDER BY id DESC LIMIT @limit;

-- name: latestDispatchEvents :many
-- scans: dispatch_events
SELECT * FROM dispatch_events ORDER BY id DESC LIMIT @limit;

-- name: latestRunDispatchEvents :many
SELECT * FROM dispatch_events WHERE run_id = @run_id ORDER BY id DESC LIMIT @limit;

-- name: latestCoordinationEvents :many
-- scans: coordination_events
SELECT * FROM coordination_events ORDER BY id DESC LIMIT @limit;

-- name: latestRunCoordinationEvents :many
SELECT * FROM coordination_events WHERE run_id = @run_id ORDER BY id DESC LIMIT @limit;

-- name: latestDiscoveryEvents :many
-- scans: discovery_events
SELECT * FROM discovery_events ORDER BY id DESC LIMIT @limit;

-- name: latestReviewEvents :many
-- scans: review_events
SELECT * FROM review_events ORDER BY id DESC LIMIT @limit;

-- name: latestRunReviewEvents :many
-- scans: review_events
SELECT * FROM review_events WHERE run_id = @run_id ORDER BY id DESC LIMIT @limit;

-- name: latestInterspectEvents :many
-- scans: interspect_events
SELECT * FROM interspect_events ORDER BY id DESC LIMIT @limit;

-- name: latestRunInterspectEvents :many
SELECT * FROM interspect_events WHERE run_id = @run_id ORDER BY id DESC LIMIT @limit;

-- name: latestAgencyEventsOfBus :many
-- scans: agency_events
SELECT * FROM agency_events ORDER BY id DESC LIMIT @limit;

-- name: latestRunAgencyEventsOfBus :many
SELECT * FROM agency_events WHERE run_id = @run_id ORDER BY id DESC LIMIT @limit;

-- name: latestIntentEvents :many
-- scans: intent_events
SELECT * FROM intent_events ORDER BY id DESC LIMIT @limit;

-- name: latestRunIntentEvents :many
-- scans: intent_events
SELECT * FROM intent_events WHERE run_id = @run_id ORDER BY id DESC LIMIT @limit;
