# test/integration/events.sh: the v39 event families (events, gate signals, interspect, situation) driven as hooks drive them.
# shellcheck shell=bash disable=SC2016
section "Events, interspect, gate signals and situation (v39)"
run ic events cursor register c1 --durable
is "events cursor register: a durable cursor" 0 "registered c1 (durable)" ""
run ic events cursor register c1
is "events cursor register: again, it takes the default lifetime" 0 "registered c1 (ttl: 24h)" ""
REVIEW='{"finding_id":"f1","agents":{"fd-arch":"high"},"resolution":"accepted","chosen_severity":"high","impact":"low"}'
run ic events emit --source=review --type=disagreement_resolved --context="$REVIEW" --run=r1 --session=s1
is "events emit: records a review event, prints its id" 0 "1" ""
run ic events emit --source=review --type=bogus --context="$REVIEW" --run=r1 --session=s1
is "events emit: an unknown type is refused (exit 3), one line" 3 '' 'ic: events emit: --type must be disagreement_resolved or execution_defect (got "bogus")'
run ic events list-review
like "events list-review: the event as a JSON line" 0 '^\{"id":1,"run_id":"r1","finding_id":"f1","agents_json":"\{\\"fd-arch\\":\\"high\\"\}","resolution":"accepted","chosen_severity":"high","impact":"low","event_type":"disagreement_resolved","session_id":"s1","project_dir":"[^"]+","timestamp":"[0-9T:-]+Z"\}$' '^$'
run ic events list-review --since=1
is "events list-review: none after the last id" 0 "" ""
AG='{"agency_name":"build","cycle_id":"cy1","stage":"build"}'
run ic events record --source=agency --type=stage_started --payload="$AG" --idempotency-key=k1 --run=r1 --session=s1
is "events record: an agency event, prints its id" 0 "1" ""
run ic events record --source=agency --type=stage_started --payload="$AG" --idempotency-key=k1 --run=r1 --session=s1
is "events record: the same idempotency key records it once (same id)" 0 "1" ""
run sql "$DB" "SELECT count(*) FROM agency_events"
is "events record: one agency row" 0 "1"
run ic events record --source=coordination --type=lock_acquired --payload='{"lock_id":"l1","owner":"o","pattern":"*.go","scope":"s"}'
is "events record: a coordination event prints ok" 0 "ok" ""
run ic events record --source=agency --type=stage_started --payload="$AG" --run=r1
is "events record: agency without --idempotency-key is exit 3" 3 '' 'ic: events record: agency source requires --idempotency-key'
run ic events list-agency --agency=build
like "events list-agency: the agency's event as a JSON line" 0 '^\{"id":1,"run_id":"r1","agency_name":"build","event_type":"stage_started","cycle_id":"cy1","stage":"build","context_json":"\{\}","idempotency_key":"k1","project_dir":"[^"]+","timestamp":"[0-9T:-]+Z"\}$' '^$'
run ic events list-agency --agency=other
is "events list-agency: another agency has none" 0 "" ""
run ic interspect record --agent=fd-arch --type=override --reason=wrong --context='{"x":1}' --run=r1 --session=s1
is "interspect record: prints the evidence id" 0 "1" ""
run ic interspect query --agent=fd-arch
like "interspect query: the evidence as a JSON line" 0 '^\{"id":1,"run_id":"r1","agent_name":"fd-arch","event_type":"override","override_reason":"wrong","context_json":"\{\\"x\\":1\}","session_id":"s1","timestamp":"[0-9T:-]+Z"\}$' '^$'
run ic interspect query --agent=nobody
is "interspect query: another agent has none" 0 "" ""
run ic gate signals
is "gate signals: no gate events yet, cursor 0" 0 '{"cursor":0,"signals":[]}' ""
GR=$(ic run create --project="$PWD" --goal=signals --phases='["a","b"]')
setup ic run advance "$GR"
run ic gate signals
like "gate signals: a passed advance is a true negative" 0 "^\\{\"cursor\":1,\"signals\":\\[\\{\"event_id\":1,\"run_id\":\"$GR\",\"check_type\":\"\",\"from_phase\":\"a\",\"to_phase\":\"b\",\"signal_type\":\"tn\",\"created_at\":[0-9]+\\}\\]\\}$" ''
run ic gate signals --since-id=1
is "gate signals: nothing after the cursor" 0 '{"cursor":1,"signals":[]}' ""
run ic situation snapshot
like "situation snapshot: one JSON line with runs, dispatches, events, agencies, queue" 0 '^\{"timestamp":"[^"]+","runs":\[.*"dispatches":\{"active":0,"total":0,"agents":\[\]\},"recent_events":\[.*"source":"interspect".*"agencies":\[\{"name":"build","cycle_id":"cy1".*"queue":\{"pending":0,"running":0,"retrying":0\}\}$' '^$'
run ic situation snapshot nope
is "situation snapshot: an unknown run is exit 2" 2 "" "ic: situation snapshot: run not found: nope"
