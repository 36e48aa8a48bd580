# test/integration/run-v39.sh: the v39 run additions (phase actions, config, autonomy, rollback, replay) and the rollback wrappers.
# shellcheck shell=bash disable=SC2016
section "Run actions, config, autonomy, rollback, replay (v39)"
R=$(ic run create --project="$PWD" --goal=actions)
run ic run action add "$R" --phase=planned --command=/plan --args='["${run_id}"]' --mode=interactive --priority=5
like "run action add: prints the new action" 0 '^Added action [0-9]+: planned → /plan$' '^$'
run ic run action add "$R" --phase=planned --command=/plan
is "run action add: a duplicate is exit 1" 1 "" "ic: run action add: duplicate action for run/phase/command"
run ic run action list "$R" --phase=planned
is "run action list: the phase's actions" 0 '  planned → /plan ["${run_id}"]  [interactive, priority=5]' ""
run ic --json run action list "$R"
like "run action list: --json, args parsed" 0 "^\\[\\{\"action_type\":\"command\",\"args\":\\[\"\\\$\\{run_id\\}\"\\],\"command\":\"/plan\",\"id\":[0-9]+,\"mode\":\"interactive\",\"phase\":\"planned\",\"priority\":5,\"run_id\":\"$R\"\\}\\]$" '^$'
run ic run action update "$R" --phase=planned --command=/plan --priority=1 --mode=both
is "run action update: changes it" 0 "Updated: planned → /plan" ""
run ic run action list "$R"
is "run action update: the list shows the change" 0 '  planned → /plan ["${run_id}"]  [both, priority=1]' ""
run ic run action delete "$R" --phase=planned --command=/plan
is "run action delete: removes it" 0 "Deleted: planned → /plan" ""
run ic run action delete "$R" --phase=planned --command=/plan
is "run action delete: a missing action is exit 1" 1 "" "ic: run action delete: action not found"

run ic config set global_max_dispatches 4
is "config set: an integer key" 0 "global_max_dispatches = 4" ""
run ic config set autonomy.delegation_level L3
is "config set: a level is stored as its number" 0 "autonomy.delegation_level = 3" ""
run ic config get global_max_dispatches
is "config get: the value" 0 "global_max_dispatches = 4" ""
run ic config get max_spawn_depth
is "config get: an unset key is exit 1" 1 "max_spawn_depth: not set"
run ic --json config list
is "config list: --json, an object of the set keys" 0 '{"autonomy.delegation_level":3,"global_max_dispatches":4}' ""
run ic autonomy status
like "autonomy status: the level, what it derives, where from" 0 $'^delegation: L3  \\(human sets policy, agent executes\\)\nderives:    auto_advance=true on new runs\nsource:     autonomy.delegation_level\n' '^$'
run ic --json autonomy status
like "autonomy status: --json" 0 '^\{"declared":true,"derives_auto_advance":true,"level":3,"name":"human sets policy, agent executes","ops":\[.*\],"source":"autonomy.delegation_level"\}$' '^$'

RB=$(ic run create --project="$PWD" --goal=rollback --phases='["a","b","c"]')
setup ic run advance "$RB"
setup ic run advance "$RB"
run ic run rollback "$RB" --to-phase=a --dry-run
is "run rollback: --dry-run previews it" 0 '{"dry_run":true,"from_phase":"c","rolled_back_phases":["b","c"],"to_phase":"a"}' ""
run hook 'intercore_run_rollback_dry '"$RB"' b; echo "rc=$?"'
is "intercore_run_rollback_dry: prints the preview, returns 0" 0 $'{"dry_run":true,"from_phase":"c","rolled_back_phases":["c"],"to_phase":"b"}\nrc=0' ""
run ic run phase "$RB"
is "run rollback: a dry run moves nothing" 0 "c"
run ic run replay "$RB"
like "run replay: a completed run's events as decisions (simulate)" 0 $'^Run: [a-z0-9]{8} \\(completed\\)\nMode: simulate\nDecisions: 2\nRecorded inputs: 3\nEvents: 2 found / 2 expected\n  \\[phase#1\\] advance a -> b\n  \\[phase#2\\] advance b -> c\nReexecute: allowed=false' '^$'
run ic run rollback "$RB" --to-phase=b --reason=redo
is "run rollback: sends the run back, reopening it" 0 '{"cancelled_dispatches":0,"failed_agents":0,"from_phase":"c","marked_artifacts":0,"reason":"redo","rolled_back_phases":["c"],"to_phase":"b"}' ""
run ic run rollback "$RB" --to-phase=c
is "run rollback: a target not behind is exit 1" 1 "" 'ic: run rollback: target phase "c" is not behind current phase "b"'
run hook 'intercore_run_rollback '"$RB"' a "try again"; echo "rc=$?"'
is "intercore_run_rollback: rolls back, prints ic's JSON" 0 $'{"cancelled_dispatches":0,"failed_agents":0,"from_phase":"b","marked_artifacts":0,"reason":"try again","rolled_back_phases":["b"],"to_phase":"a"}\nrc=0' ""
run hook 'intercore_run_rollback nope a || echo "rc=$?"'
is "intercore_run_rollback: an unknown run returns 1" 0 "rc=1" ""
run ic run rollback "$RB" --layer=code
is "run rollback: --layer=code, no artifacts is null" 0 "null" ""
run hook 'intercore_run_code_rollback '"$RB"'; echo "rc=$?"'
is "intercore_run_code_rollback: null when there are none, returns 0" 0 $'null\nrc=0' ""
run ic run replay "$RB"
is "run replay: an active run is exit 1" 1 "" "ic: run replay: run must be completed for deterministic replay (it is active)"
run ic run replay record "$RB" --kind=llm --key=k --payload='{"a":1}'
like "run replay: record prints the input's id" 0 '^[0-9]+$' '^$'
run ic run replay inputs "$RB"
like "run replay: inputs lists them, id TAB kind TAB key TAB payload" 0 $'\tllm\tk\t\\{"a":1\\}$' '^$'
