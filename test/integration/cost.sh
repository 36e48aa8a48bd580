# cost.sh: landed record/list/revert/summary, cost baseline (a stub cost-query.sh)/reconcile/list, route record/list, as hooks drive them (sourced by test-integration.sh).
# shellcheck shell=bash disable=SC2016
section "Landed changes, cost and routing (v39)"
run ic landed record --commit=abc123 --project="$PWD" --bead=iv-1 --run=r1 --insertions=10 --deletions=2 --files=3
is "landed record: records the commit, prints its id" 0 "Recorded landed change: abc123 (id=1)" ""
run ic landed record --commit=abc123 --project="$PWD"
is "landed record: again is the same id, nothing changed" 0 "Recorded landed change: abc123 (id=1)" ""
setup ic landed record --commit=def456 --project="$PWD" --bead=iv-2
run ic --json landed list --bead=iv-1
like "landed list: --json, the row as recorded" 0 "^\\[\\{\"id\":1,\"commit_sha\":\"abc123\",\"project_dir\":\"$PWD\",\"branch\":\"main\",\"run_id\":\"r1\",\"bead_id\":\"iv-1\",\"landed_at\":[0-9]+,\"files_changed\":3,\"insertions\":10,\"deletions\":2\\}\\]\$" '^$'
run ic landed revert --commit=def456 --project="$PWD" --reverted-by=fff999
is "landed revert: marks the change reverted" 0 "Marked def456 as reverted by fff999" ""
run ic landed revert --commit=def456 --project="$PWD" --reverted-by=fff999
like "landed revert: reverted already is exit 2, one line" 2 '^$' '^ic: landed revert: [^'$'\n'']+$'
run ic landed list --project="$PWD"
like "landed list: leaves the reverted change out, then the count" 0 "^\\[[0-9-]+ [0-9:]+\\] abc123  $PWD bead=iv-1"$'\n\n1 landed change\\(s\\)$' '^$'
run ic --json landed summary --project="$PWD"
like "landed summary: --json totals, by bead and by run" 0 '^\{"total":2,"reverted":1,"by_bead":\{"iv-1":1\},"by_run":\{"r1":1\},"first_landing":[0-9]+,"last_landing":[0-9]+\}$' '^$'
run ic landed summary --project="$PWD"
like "landed summary: the text report" 0 $'^Landed Changes Summary\n═+\n  Total:      2\n  Reverted:   1\n  Active:     1\n' '^$'

# interstat's cost-query.sh, a stub of ours (0700): no token data yet
printf '#!/bin/sh\necho "$1" >>"%s/cq.args"\necho "[]"\n' "$PWD" >cq.sh
chmod 700 cq.sh
run ic --json cost baseline --script="$PWD/cq.sh"
like "cost baseline: one landed change, no token data: zero stats" 0 '^\{"period":\{"days":30,"start":"[0-9-]{10}","end":"[0-9-]{10}"\},"landed_changes":1,"source":"landed_changes","stats":\{"p50":0,"p90":0,"p95":0,"mean":0,"total":0,"input_total":0,"output_total":0,"count":0\}\}$' '^$'
check "cost baseline: ran the script once, by-bead" test "$(cat cq.args)" = by-bead
chmod 777 cq.sh
run ic cost baseline --script="$PWD/cq.sh"
like "cost baseline: a script writable by others is refused, exit 2" 2 '^$' '^ic: cost baseline: [^'$'\n'']+$'
chmod 700 cq.sh

run ic cost reconcile r1 --billed-in=100 --billed-out=50
is "cost reconcile: billed against reported differs: DISCREPANCY, exit 1" 1 $'Run: r1\n  Reported:     in=0 out=0\n  Billed:       in=100 out=50\n  Delta:        in=+100 out=+50\n  Source:       manual\n  Status:       DISCREPANCY' ""
run ic cost reconcile r1 --billed-in=0 --billed-out=0
is "cost reconcile: no delta is OK, exit 0" 0 $'Run: r1\n  Reported:     in=0 out=0\n  Billed:       in=0 out=0\n  Delta:        in=+0 out=+0\n  Source:       manual\n  Status:       OK' ""
run ic cost reconcile r1 --dispatch=nope --billed-in=1 --billed-out=1
is "cost reconcile: an unknown dispatch is exit 2, one line" 2 "" 'ic: cost reconcile: unknown dispatch "nope" (dispatch list shows them)'
run ic cost list r1
like "cost list: newest first" 0 $'^\\[[0-9: -]+\\] OK  scope=run  delta_in=\\+0  delta_out=\\+0  source=manual\n\\[[0-9: -]+\\] DISCREPANCY  scope=run  delta_in=\\+100  delta_out=\\+50  source=manual$' '^$'
run ic --json cost list r1 --limit=1
like "cost list: --json, Go's field names, --limit" 0 '^\[\{"ID":2,"RunID":"r1","DispatchID":"","ReportedIn":0,"ReportedOut":0,"BilledIn":0,"BilledOut":0,"DeltaIn":0,"DeltaOut":0,"Source":"manual","CreatedAt":"[0-9T:-]+Z"\}\]$' '^$'

run ic route record --agent=fd-arch --model=opus --rule=r-complex --phase=plan --complexity=4 --candidates='["opus","sonnet"]'
is "route record: records the decision" 0 "Routing decision recorded: id=1 agent=fd-arch model=opus rule=r-complex" ""
run ic route list
like "route list: a table, latest first" 0 $'^ID     AGENT                               MODEL    RULE               DECIDED\n-{80}\n1      fd-arch                             opus     r-complex          [0-9-]+ [0-9:]+$' '^$'
run ic --json route list --agent=fd-arch
like "route list: --json, project defaulting to the working directory" 0 "^\\[\\{\"id\":1,\"project_dir\":\"$PWD\",\"phase\":\"plan\",\"agent\":\"fd-arch\",\"selected_model\":\"opus\",\"rule_matched\":\"r-complex\",\"floor_applied\":false,\"candidates\":\"\\[\\\\\"opus\\\\\",\\\\\"sonnet\\\\\"\\]\",\"complexity\":4,\"decided_at\":[0-9]+\\}\\]\$" '^$'
