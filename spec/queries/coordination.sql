-- Coordination locks (file reservations, named locks, write sets) and their events.

-- name: releaseExpiredLocks :many
-- Releases the active locks whose expiry is before the cutoff.
UPDATE coordination_locks SET released_at = @now
WHERE released_at IS NULL AND expires_at IS NOT NULL AND expires_at < @cutoff
RETURNING *;

-- name: expiredLocks :many
-- The active locks whose expiry is before the cutoff (what releaseExpiredLocks would release).
SELECT * FROM coordination_locks
WHERE released_at IS NULL AND expires_at IS NOT NULL AND expires_at < @cutoff
ORDER BY expires_at, id;

-- name: activeLocksInScope :many
-- The locks of a scope neither released nor expired, oldest first.
SELECT * FROM coordination_locks
WHERE scope = @scope AND released_at IS NULL AND (expires_at IS NULL OR expires_at > @now)
ORDER BY created_at, rowid;

-- name: activeLocksOfOwner :many
-- An owner's locks in a scope, neither released nor expired.
SELECT * FROM coordination_locks
WHERE owner = @owner AND scope = @scope AND released_at IS NULL AND (expires_at IS NULL OR expires_at > @now)
ORDER BY created_at, rowid;

-- name: insertLock :one
-- param: reason text?
-- param: ttl_seconds integer?
-- param: expires_at integer?
-- param: dispatch_id text?
-- param: run_id text?
INSERT INTO coordination_locks (id, type, owner, scope, pattern, exclusive, reason, ttl_seconds, created_at, expires_at, dispatch_id, run_id)
VALUES (@id, @type, @owner, @scope, @pattern, @exclusive, @reason, @ttl_seconds, @now, @expires_at, @dispatch_id, @run_id)
RETURNING *;

-- name: releaseLock :many
-- Releases one lock, if it is not released yet.
UPDATE coordination_locks SET released_at = @now WHERE id = @id AND released_at IS NULL RETURNING *;

-- name: releaseOwnerLocks :many
-- Releases every lock of an owner in a scope not released yet.
UPDATE coordination_locks SET released_at = @now
WHERE owner = @owner AND scope = @scope AND released_at IS NULL
RETURNING *;

-- name: transferOwnerLocks :many
-- Gives an owner's active locks in a scope to another owner.
UPDATE coordination_locks SET owner = @to_owner
WHERE owner = @from_owner AND scope = @scope AND released_at IS NULL AND (expires_at IS NULL OR expires_at > @now)
RETURNING *;

-- name: listLocks :many
-- Locks by scope, owner, type and activity (each filter null for any), newest first.
-- The table keeps released locks; listing them is the point.
-- param: scope text?
-- param: owner text?
-- param: type text?
-- param: active boolean
-- scans: coordination_locks
SELECT * FROM coordination_locks
WHERE (@scope IS NULL OR scope = @scope)
  AND (@owner IS NULL OR owner = @owner)
  AND (@type IS NULL OR type = @type)
  AND (NOT @active OR (released_at IS NULL AND (expires_at IS NULL OR expires_at > @now)))
ORDER BY created_at DESC, rowid DESC;

-- name: insertCoordinationEvent :one
-- The kernel writes its own types; events record writes a caller's type as given (as Go does).
-- param: event_type text
-- param: run_id text?
-- param: reason text?
-- param: envelope_json text?
INSERT INTO coordination_events (lock_id, run_id, event_type, owner, pattern, scope, reason, envelope_json, created_at)
VALUES (@lock_id, @run_id, @event_type, @owner, @pattern, @scope, @reason, @envelope_json, @now)
RETURNING id;

-- name: insertCoordinationReplayInput :exec
-- The event as a replay input of its run, when the run exists.
-- param: run_id text
-- param: payload text
-- param: artifact_ref text
-- param: event_id integer
-- param: now integer
INSERT INTO run_replay_inputs (run_id, kind, input_key, payload, artifact_ref, event_source, event_id, created_at)
SELECT @run_id, 'external', 'coordination_transition', @payload, @artifact_ref, 'coordination', @event_id, @now
WHERE EXISTS (SELECT 1 FROM runs WHERE runs.id = @run_id);
