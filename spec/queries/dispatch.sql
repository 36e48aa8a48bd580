-- Dispatches and their status changes.

-- name: getDispatch :one
SELECT * FROM dispatches WHERE id = @id;

-- name: insertDispatch :exec
-- A new dispatch, spawned (its pid follows once its agent is started).
-- param: spawn_depth integer?
-- param: parent_dispatch_id text?
-- param: retry_count integer?
INSERT INTO dispatches (id, agent_type, status, project_dir, prompt_file, prompt_hash, output_file, verdict_file,
  name, model, sandbox, sandbox_spec, timeout_sec, scope_id, parent_id, base_repo_commit, retry_count, spawn_depth,
  parent_dispatch_id, created_at)
VALUES (@id, @agent_type, {{dispatch_status.spawned}}, @project_dir, @prompt_file, @prompt_hash, @output_file, @verdict_file,
  @name, @model, @sandbox, @sandbox_spec, @timeout_sec, @scope_id, @parent_id, @base_repo_commit, coalesce(@retry_count, 0),
  coalesce(@spawn_depth, 0), coalesce(@parent_dispatch_id, ''), @created_at);

-- name: updateDispatch :exec
-- Writes what a status move or a poll changes, if the dispatch is still in the status it was read in (compare-and-set): 1 when it was.
UPDATE dispatches SET
  status = @status, pid = @pid, exit_code = @exit_code, started_at = @started_at, completed_at = @completed_at,
  verdict_status = @verdict_status, verdict_summary = @verdict_summary, error_message = @error_message,
  turns = @turns, commands = @commands, messages = @messages,
  input_tokens = @input_tokens, output_tokens = @output_tokens, cache_hits = @cache_hits
WHERE id = @id AND status = @read_status;

-- name: setDispatchTokens :exec
-- Sets the token counts given (a count left null keeps its value).
-- param: input_tokens integer?
-- param: output_tokens integer?
-- param: cache_hits integer?
UPDATE dispatches SET
  input_tokens = coalesce(@input_tokens, input_tokens),
  output_tokens = coalesce(@output_tokens, output_tokens),
  cache_hits = coalesce(@cache_hits, cache_hits)
WHERE id = @id;

-- name: sumScopeTokens :one
-- Σ of the token counts of the dispatches of a scope (a run's id); null counts 0.
-- column: input_tokens integer
-- column: output_tokens integer
-- column: cache_hits integer
SELECT coalesce(sum(input_tokens), 0) AS input_tokens, coalesce(sum(output_tokens), 0) AS output_tokens,
  coalesce(sum(cache_hits), 0) AS cache_hits
FROM dispatches WHERE scope_id = @scope_id;

-- name: countPassingVerdicts :one
-- How many dispatches of a scope have a verdict other than reject.
-- column: n integer
SELECT count(*) AS n FROM dispatches WHERE scope_id = @scope_id AND verdict_status <> 'reject';

-- name: insertDispatchEvent :one
INSERT INTO dispatch_events (dispatch_id, run_id, from_status, to_status, reason, envelope_json, created_at)
VALUES (@dispatch_id, @run_id, @from_status, @to_status, @reason, @envelope_json, @created_at)
RETURNING *;

-- name: unlinkPrunedDispatches :exec
-- The scheduler jobs that spawned dispatches about to be pruned lose the link (its foreign key would refuse the delete).
-- Go's schema (the database file's) indexes neither dispatches.created_at nor scheduler_jobs.dispatch_id.
-- scans: dispatches, scheduler_jobs
UPDATE scheduler_jobs SET dispatch_id = NULL WHERE dispatch_id IN (
  SELECT d.id FROM dispatches d WHERE d.status IN ({{dispatch_status.terminal}}) AND d.created_at < @cutoff);

-- name: pruneDispatches :exec
-- Terminal dispatches created before the cutoff (each row's foreign key check reads scheduler_jobs in full too).
-- scans: dispatches, scheduler_jobs?
DELETE FROM dispatches WHERE status IN ({{dispatch_status.terminal}}) AND created_at < @cutoff;

-- name: insertEscalationDecision :exec
-- The provenance of a step up the escalation ladder (dispatch retry --escalate): the model the retry gets, and the one it had.
-- param: floor_from text
INSERT INTO routing_decisions (dispatch_id, project_dir, agent, selected_model, rule_matched, floor_applied, floor_from, floor_to,
  context_json, decided_at)
VALUES (@dispatch_id, @project_dir, @agent, @selected_model, 'escalation', 1, nullif(@floor_from, ''), @selected_model,
  @context_json, @decided_at);

-- name: portfolioDispatchLimit :one
-- The dispatch limit of the portfolio a run belongs to (when it has one), and the relay's count of its active dispatches.
-- column: payload text?
-- column: expires_at integer?
SELECT p.id AS portfolio_id, p.max_dispatches AS max_dispatches, s.payload AS payload, s.expires_at AS expires_at
FROM runs r
JOIN runs p ON p.id = r.parent_run_id
LEFT JOIN state s ON s.key = 'active-dispatch-count' AND s.scope_id = p.id
WHERE r.id = @scope_id AND p.max_dispatches > 0;

-- name: completionDispatches :many
-- The latest dispatches, for shell completion (ic completion-ids dispatches),
-- newest first: a walk back from the table's end that stops at the 200th row.
-- scans: dispatches
SELECT id, status, agent_type, name FROM dispatches ORDER BY rowid DESC LIMIT 200;
