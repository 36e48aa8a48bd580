-- The session ledger: agent sessions per project, what each worked on, and its token totals.

-- name: startSession :one
-- Registers the session in the project, or registers it again: an ended one is open again, a model or metadata
-- given replaces the stored one (one not given keeps it), the agent type is the one given.
-- param: model text?
-- param: metadata text?
INSERT INTO sessions (session_id, project_dir, agent_type, model, metadata, started_at)
VALUES (@session_id, @project_dir, @agent_type, @model, @metadata, @now)
ON CONFLICT (session_id, project_dir) DO UPDATE SET
  agent_type = excluded.agent_type,
  model = coalesce(excluded.model, sessions.model),
  metadata = coalesce(excluded.metadata, sessions.metadata),
  ended_at = NULL
RETURNING id;

-- name: addAttribution :one
-- What the session works on from now (bead, run, phase; one not given is NULL).
-- param: bead_id text?
-- param: run_id text?
-- param: phase text?
INSERT INTO session_attributions (session_id, project_dir, bead_id, run_id, phase, created_at)
VALUES (@session_id, @project_dir, @bead_id, @run_id, @phase, @now)
RETURNING id;

-- name: currentAttribution :one
-- The session's latest attribution in the project; ties on created_at go to the later insert.
SELECT session_id, project_dir, bead_id, run_id, phase, created_at AS updated_at FROM session_attributions
WHERE session_id = @session_id AND project_dir = @project_dir
ORDER BY created_at DESC, id DESC LIMIT 1;

-- name: endSession :exec
-- Ends every open row of the session, in any project: the number ended.
UPDATE sessions SET ended_at = @now WHERE session_id = @session_id AND ended_at IS NULL;

-- name: addSessionTokens :exec
-- Adds to the session's token totals in the project: 1 when it is there.
-- param: input_tokens integer
-- param: output_tokens integer
-- param: cache_creation_tokens integer
-- param: cache_read_tokens integer
UPDATE sessions SET
  input_tokens = input_tokens + @input_tokens,
  output_tokens = output_tokens + @output_tokens,
  cache_creation_tokens = cache_creation_tokens + @cache_creation_tokens,
  cache_read_tokens = cache_read_tokens + @cache_read_tokens
WHERE session_id = @session_id AND project_dir = @project_dir;

-- name: listSessions :many
-- Sessions, latest started first (ties: the later insert), each filter applying only when given.
-- scans: sessions
-- param: project_dir text?
-- param: session_id text?
-- param: since integer?
-- param: active_only boolean
-- param: limit integer
SELECT * FROM sessions
WHERE (@project_dir IS NULL OR project_dir = @project_dir)
  AND (@session_id IS NULL OR session_id = @session_id)
  AND (@since IS NULL OR started_at >= @since)
  AND (@active_only = 0 OR ended_at IS NULL)
ORDER BY started_at DESC, id DESC
LIMIT @limit;
