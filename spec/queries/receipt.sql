-- Signed action receipts: insert-only.

-- name: insertReceipt :exec
INSERT INTO action_receipts (receipt_id, timestamp, agent_id, model, tool_calls_json, parent_run_id, content_hash, schema_version,
  signature, signature_alg, key_id, signed_at, payload_canonical, inserted_at)
VALUES (@receipt_id, @timestamp, @agent_id, @model, @tool_calls_json, @parent_run_id, @content_hash, @schema_version,
  @signature, @signature_alg, @key_id, @signed_at, @payload_canonical, @inserted_at);

-- name: getReceipt :one
SELECT * FROM action_receipts WHERE receipt_id = @receipt_id;

-- name: findActionReceipt :one
-- The earliest receipt of one logical action.
SELECT * FROM action_receipts
WHERE agent_id = @agent_id AND parent_run_id = @parent_run_id AND content_hash = @content_hash
ORDER BY timestamp, receipt_id LIMIT 1;

-- name: receiptsSince :many
-- Every receipt whose timestamp (RFC 3339 UTC, microseconds: ordered as text) is at or after @since, oldest first.
-- scans: action_receipts
SELECT * FROM action_receipts WHERE timestamp >= @since ORDER BY timestamp, receipt_id;
