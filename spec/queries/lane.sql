-- Lanes, their members and their events.

-- name: insertLane :one
INSERT INTO lanes (id, name, lane_type, description, intent, created_at, updated_at)
VALUES (@id, @name, @lane_type, @description, @intent, @now, @now)
RETURNING *;

-- name: getLane :one
SELECT * FROM lanes WHERE id = @id;

-- name: getLaneByName :one
SELECT * FROM lanes WHERE name = @name;

-- name: listLanes :many
-- Every lane by name, or those of one status. The table holds a few lanes
-- a project; the partial index on status serves only 'active'.
-- param: status text?
-- scans: lanes
SELECT * FROM lanes WHERE @status IS NULL OR status = @status ORDER BY name;

-- name: closeLane :exec
-- Closes the lane if it is still active (compare-and-set): 1 when it was.
UPDATE lanes SET status = {{lane_status.closed}}, closed_at = @now, updated_at = @now
WHERE id = @id AND status = {{lane_status.active}};

-- name: setLaneIntent :exec
UPDATE lanes SET intent = @intent, updated_at = @now WHERE id = @id;

-- name: touchLane :exec
UPDATE lanes SET updated_at = @now WHERE id = @id;

-- name: insertLaneEvent :exec
INSERT INTO lane_events (lane_id, event_type, payload, created_at) VALUES (@lane_id, @event_type, @payload, @now);

-- name: laneEvents :many
-- A lane's events, oldest first (ties in the order written).
SELECT * FROM lane_events WHERE lane_id = @lane_id ORDER BY created_at, id;

-- name: countLaneEvents :one
-- column: n integer
SELECT count(*) AS n FROM lane_events WHERE lane_id = @lane_id;

-- name: countLaneRemovals :one
-- The beads removed from a lane since a time: its throughput.
-- column: n integer
SELECT count(*) AS n FROM lane_events
WHERE lane_id = @lane_id AND event_type = {{lane_event_type.bead_removed}} AND created_at >= @since;

-- name: laneMembers :many
-- A lane's beads in the order they joined (ties by bead id).
SELECT bead_id FROM lane_members WHERE lane_id = @lane_id ORDER BY added_at, bead_id;

-- name: insertLaneMember :exec
INSERT INTO lane_members (lane_id, bead_id, added_at) VALUES (@lane_id, @bead_id, @now);

-- name: deleteLaneMember :exec
DELETE FROM lane_members WHERE lane_id = @lane_id AND bead_id = @bead_id;
