-- Routing decisions: the model each agent got and the rule that chose it.

-- name: insertRoutingDecision :one
-- param: dispatch_id text?
-- param: run_id text?
-- param: session_id text?
-- param: bead_id text?
-- param: phase text?
-- param: category text?
-- param: floor_from text?
-- param: floor_to text?
-- param: candidates text?
-- param: excluded text?
-- param: policy_hash text?
-- param: override_id text?
-- param: complexity integer?
-- param: context_json text?
INSERT INTO routing_decisions (dispatch_id, run_id, session_id, bead_id, project_dir, phase, agent, category, selected_model,
  rule_matched, floor_applied, floor_from, floor_to, candidates, excluded, policy_hash, override_id, complexity, context_json,
  decided_at)
VALUES (@dispatch_id, @run_id, @session_id, @bead_id, @project_dir, @phase, @agent, @category, @selected_model, @rule_matched,
  @floor_applied, @floor_from, @floor_to, @candidates, @excluded, @policy_hash, @override_id, @complexity, @context_json, @now)
RETURNING id;

-- name: listRoutingDecisions :many
-- Latest decided first (ties: the later insert), each filter applying only when given.
-- scans: routing_decisions
-- param: project_dir text?
-- param: agent text?
-- param: selected_model text?
-- param: dispatch_id text?
-- param: since integer?
-- param: until integer?
-- param: limit integer
SELECT * FROM routing_decisions
WHERE (@project_dir IS NULL OR project_dir = @project_dir)
  AND (@agent IS NULL OR agent = @agent)
  AND (@selected_model IS NULL OR selected_model = @selected_model)
  AND (@dispatch_id IS NULL OR dispatch_id = @dispatch_id)
  AND (@since IS NULL OR decided_at >= @since)
  AND (@until IS NULL OR decided_at <= @until)
ORDER BY decided_at DESC, id DESC
LIMIT @limit;
