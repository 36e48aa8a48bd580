-- The discovery pipeline: discoveries, their events, feedback and the interest profile.

-- name: getDiscovery :one
SELECT * FROM discoveries WHERE id = @id;

-- name: discoveryBySource :one
-- The discovery recorded for a source and source ID (they are unique together).
SELECT id FROM discoveries WHERE source = @source AND source_id = @source_id;

-- name: insertDiscovery :exec
INSERT INTO discoveries (id, source, source_id, title, summary, url, raw_metadata, embedding, relevance_score, confidence_tier, status, discovered_at)
VALUES (@id, @source, @source_id, @title, @summary, @url, @raw_metadata, @embedding, @relevance_score, @confidence_tier,
  {{discovery_status.new}}, @discovered_at);

-- name: sourceEmbeddings :many
-- The embeddings recorded for a source (a deduplication reads them all).
SELECT id, embedding FROM discoveries WHERE source = @source AND embedding IS NOT NULL ORDER BY rowid;

-- name: insertDiscoveryEvent :exec
INSERT INTO discovery_events (discovery_id, event_type, from_status, to_status, payload, created_at)
VALUES (@discovery_id, @event_type, @from_status, @to_status, @payload, @created_at);

-- name: listDiscoveries :many
-- Filtered by whichever of source, status and tier are given; most relevant first.
-- scans: discoveries
-- param: source text?
-- param: status discovery_status?
-- param: tier confidence_tier?
SELECT * FROM discoveries
WHERE (@source IS NULL OR source = @source) AND (@status IS NULL OR status = @status) AND (@tier IS NULL OR confidence_tier = @tier)
ORDER BY relevance_score DESC, id ASC LIMIT @limit;

-- name: searchableDiscoveries :many
-- The discoveries with an embedding, filtered like a list (a search compares them all).
-- scans: discoveries
-- param: source text?
-- param: status discovery_status?
-- param: tier confidence_tier?
SELECT * FROM discoveries
WHERE embedding IS NOT NULL AND (@source IS NULL OR source = @source) AND (@status IS NULL OR status = @status)
  AND (@tier IS NULL OR confidence_tier = @tier);

-- name: scoreDiscovery :exec
-- Compare-and-set on the status read: 1 when written.
UPDATE discoveries SET relevance_score = @score, confidence_tier = @tier, status = {{discovery_status.scored}}
WHERE id = @id AND status = @read_status;

-- name: promoteDiscovery :exec
UPDATE discoveries SET status = {{discovery_status.promoted}}, bead_id = @bead_id, promoted_at = @now
WHERE id = @id AND status = @read_status;

-- name: dismissDiscovery :exec
UPDATE discoveries SET status = {{discovery_status.dismissed}}, reviewed_at = @now
WHERE id = @id AND status = @read_status;

-- name: insertFeedbackSignal :one
INSERT INTO feedback_signals (discovery_id, signal_type, signal_data, actor, created_at)
VALUES (@discovery_id, @signal_type, @signal_data, @actor, @created_at)
RETURNING id;

-- name: reserveFeedbackKey :exec
-- The idempotency key's reservation: 0 when the key is already taken.
INSERT OR IGNORE INTO feedback_idempotency (idempotency_key, discovery_id, signal_type, signal_data, actor, created_at)
VALUES (@idempotency_key, @discovery_id, @signal_type, @signal_data, @actor, @created_at);

-- name: getFeedbackKey :one
SELECT * FROM feedback_idempotency WHERE idempotency_key = @idempotency_key;

-- name: bindFeedbackKey :exec
UPDATE feedback_idempotency SET signal_id = @signal_id WHERE idempotency_key = @idempotency_key;

-- name: getProfile :one
SELECT id, keyword_weights, source_weights, updated_at FROM interest_profile WHERE id = 1;

-- name: putProfile :exec
-- Upserts the one profile row; its topic vector is kept.
INSERT INTO interest_profile (id, keyword_weights, source_weights, updated_at) VALUES (1, @keyword_weights, @source_weights, @now)
ON CONFLICT(id) DO UPDATE SET keyword_weights = excluded.keyword_weights, source_weights = excluded.source_weights,
  updated_at = excluded.updated_at;

-- name: decayCandidates :many
-- The open discoveries found before the cutoff.
-- scans: discoveries
SELECT id, relevance_score FROM discoveries
WHERE discovered_at < @cutoff AND status NOT IN ({{discovery_status.settled}});

-- name: setDiscoveryScore :exec
UPDATE discoveries SET relevance_score = @score, confidence_tier = @tier WHERE id = @id;

-- name: rollbackDiscoveries :many
-- Dismisses the open discoveries of a source found since a time; returns their ids.
UPDATE discoveries SET status = {{discovery_status.dismissed}}, reviewed_at = @now
WHERE source = @source AND discovered_at >= @since AND status NOT IN ({{discovery_status.settled}})
RETURNING id;
