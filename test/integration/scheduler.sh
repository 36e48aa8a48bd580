# test/integration/scheduler.sh: the scheduler family and dispatch retry (v39) as hooks call them; drains only stub dispatch scripts.
# shellcheck shell=bash disable=SC2016
# Drains set TMPDIR to the project, so the stub dispatches' output files stay under the run's work directory.

section "Scheduler (v39)"
JOB_RE='^[0-9a-f]{32}$'
printf 'review it\n' >p.md
printf '#!/bin/sh\nexit 0\n' >ok-dispatch.sh
printf '#!/bin/sh\nexit 3\n' >bad-dispatch.sh
chmod 700 ok-dispatch.sh bad-dispatch.sh
stats() { printf 'Scheduler Jobs:\n  pending:     %s\n  running:     %s\n  completed:   %s\n  failed:      %s\n  cancelled:   %s' "$@"; }

run ic scheduler stats
is "scheduler stats: no jobs, every count 0" 0 "$(stats 0 0 0 0 0)" ""
run ic scheduler drain
is "scheduler drain: nothing queued, nothing printed, exit 0" 0 "" ""
run ic scheduler submit --prompt-file=p.md --type=claude --session=s1 --name=n1 --priority=1
like "scheduler submit: prints the job's id (32 hex)" 0 "$JOB_RE" '^$'
J1=$OUT
run ic scheduler status "$J1"
like "scheduler status: the job, pending" 0 "^ID:         $J1"$'\nStatus:     pending\nPriority:   1\nAgent:      claude\nSession:    s1\nRetries:    0/3\nCreated:    [0-9]{4}-[0-9]{2}-[0-9]{2} [0-9:]{8}$' '^$'
run ic --json scheduler status "$J1"
like "scheduler status: --json" 0 "^\\{\"agent_type\":\"claude\",\"created_at\":[0-9]+,\"id\":\"$J1\",\"max_retries\":3,\"priority\":1,\"retry_count\":0,\"session_name\":\"s1\",\"status\":\"pending\"\\}$" '^$'
run ic scheduler status nope
is "scheduler status: an unknown id is exit 1, one line" 1 "" "ic: scheduler status: not found: nope"
run ic scheduler list
like "scheduler list: id, status, agent, time" 0 "^$J1 +pending +claude +[0-9:]{8}$" '^$'
run ic --json scheduler stats
is "scheduler stats: --json counts the pending job" 0 '{"cancelled":0,"completed":0,"failed":0,"pending":1,"running":0}' ""

run ic scheduler pause
is "scheduler pause: says so" 0 "Scheduler paused." ""
run ic scheduler drain
is "scheduler pause: drain spawns nothing, exit 1" 1 "" ""
run ic scheduler resume
is "scheduler resume: says so" 0 "Scheduler resumed." ""

run ic scheduler cancel "$J1"
is "scheduler cancel: cancels the queued job" 0 "Cancelled: $J1" ""
run ic scheduler cancel "$J1"
is "scheduler cancel: a job already cancelled is exit 1, one line" 1 "" "ic: scheduler cancel: job already in terminal state: cancelled"
run ic scheduler list --status=cancelled
like "scheduler cancel: the job is listed as cancelled" 0 "^$J1 +cancelled +claude " '^$'

J2=$(ic scheduler submit --prompt-file=p.md --type=claude --priority=2)
run env TMPDIR="$PWD" CLAVAIN_DISPATCH_SH="$PWD/ok-dispatch.sh" "$IC_BIN" scheduler drain --interval=0s
like "scheduler drain: spawns the queued job (a stub dispatch), a line per job" 0 "^$J2"$'\tcompleted\t[a-z0-9]{8}$' '^$'
run ic scheduler stats
is "scheduler drain: the job is completed" 0 "$(stats 0 0 1 0 1)" ""

run ic scheduler prune --older-than=1h
is "scheduler prune: nothing ended an hour ago" 0 "Pruned 0 completed scheduler jobs." ""
setup sql "$DB" "UPDATE scheduler_jobs SET completed_at = completed_at - 7200 WHERE id = ?" "$J1"
run ic scheduler prune --older-than=1h
is "scheduler prune: deletes the job that ended 2 h ago" 0 "Pruned 1 completed scheduler jobs." ""
run ic scheduler list
like "scheduler prune: the other job is kept" 0 "^$J2 +completed +claude +[0-9:]{8}$" '^$'

section "Dispatch retry (v39)"
J3=$(ic scheduler submit --prompt-file=p.md --type=claude)
run env TMPDIR="$PWD" CLAVAIN_DISPATCH_SH="$PWD/bad-dispatch.sh" "$IC_BIN" scheduler drain --interval=0s
like "scheduler drain: a dispatch that will fail still spawns" 0 "^$J3"$'\tcompleted\t[a-z0-9]{8}$' '^$'
FAILED=${OUT##*$'\t'}
# Wait for it to end (failed: dispatch wait exits 1).
setup bash -c '"$0" dispatch wait "$1" --timeout=10s || [[ $? == 1 ]]' "$IC_BIN" "$FAILED"
run ic dispatch retry nope
is "dispatch retry: an unknown id is exit 2, one line" 2 "" "ic: dispatch retry: not found: nope"
run ic dispatch retry "$FAILED"
like "dispatch retry: a failed dispatch, the new id, attempt 1, 5 s backoff" 0 $'^[a-z0-9]{8}\tattempt=1\tbackoff_ms=5000$' '^$'
run ic --json dispatch retry "$FAILED"
like "dispatch retry: --json" 0 '^\{"attempt":1,"backoff_ms":5000,"new_id":"[a-z0-9]{8}"\}$' '^$'
RETRY=$(sed -n 's/.*"new_id":"\([a-z0-9]*\)".*/\1/p' <<<"$OUT")
run ic dispatch retry "$RETRY"
is "dispatch retry: a retry not yet failed is not retryable, exit 2" 2 "" "ic: dispatch retry: dispatch $RETRY is not retryable (status=spawned): only a failed or timed-out dispatch is retried"
