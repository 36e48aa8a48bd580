-- The event bus: phase events and dispatch events read after a position.

-- name: phaseEventsAfter :many
SELECT * FROM phase_events WHERE id > @after ORDER BY id LIMIT @limit;

-- name: runPhaseEventsAfter :many
SELECT * FROM phase_events WHERE run_id = @run_id AND id > @after ORDER BY id LIMIT @limit;

-- name: dispatchEventsAfter :many
SELECT * FROM dispatch_events WHERE id > @after ORDER BY id LIMIT @limit;

-- name: runDispatchEventsAfter :many
SELECT * FROM dispatch_events WHERE run_id = @run_id AND id > @after ORDER BY id LIMIT @limit;
