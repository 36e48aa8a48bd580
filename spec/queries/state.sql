-- The state table: small JSON documents under (key, scope_id).

-- name: getState :one
-- The entry under (key, scope_id), expired or not (the caller compares expires_at with its clock).
SELECT * FROM state WHERE key = @key AND scope_id = @scope_id;

-- name: putState :exec
-- Stores the entry, replacing the payload, time and expiry of one already there.
INSERT INTO state (key, scope_id, payload, updated_at, expires_at)
VALUES (@key, @scope_id, @payload, @updated_at, @expires_at)
ON CONFLICT (key, scope_id) DO UPDATE SET payload = excluded.payload, updated_at = excluded.updated_at, expires_at = excluded.expires_at;

-- name: addStateIfMissing :exec
-- Stores the entry unless one is there already: 1 when it was added.
INSERT INTO state (key, scope_id, payload, updated_at)
VALUES (@key, @scope_id, @payload, @updated_at)
ON CONFLICT (key, scope_id) DO NOTHING;

-- name: liveStateEntries :many
-- The live entries under a key, by scope_id.
SELECT scope_id, payload FROM state
WHERE key = @key AND (expires_at IS NULL OR expires_at > @now)
ORDER BY scope_id;

-- name: countLiveScopes :one
-- How many scope_ids hold a live entry under a key.
-- column: n integer
SELECT count(DISTINCT scope_id) AS n FROM state WHERE key = @key AND (expires_at IS NULL OR expires_at > @now);
