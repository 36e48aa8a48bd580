-- The sentinels table: when each (name, scope_id) last fired.

-- name: pruneSentinels :exec
-- Forgets the sentinels that last fired before the cutoff. It reads the whole
-- table: the database file is Go's schema, which has no index on last_fired
-- (ic's v4-v6 had one; the step to v7 drops it), and the table stays small
-- because every sentinel check runs this prune (7 days).
-- scans: sentinels
DELETE FROM sentinels WHERE last_fired < @cutoff;

-- name: getSentinel :one
SELECT * FROM sentinels WHERE name = @name AND scope_id = @scope_id;

-- name: fireSentinel :exec
-- Records that the sentinel fired now.
INSERT INTO sentinels (name, scope_id, last_fired) VALUES (@name, @scope_id, @last_fired)
ON CONFLICT (name, scope_id) DO UPDATE SET last_fired = excluded.last_fired;
