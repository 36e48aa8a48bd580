# test/integration/portfolio.sh: run create --projects and the portfolio family (dep add/list/remove, order, status, relay), the gate between children, as a hook drives them (sourced by test-integration.sh).
# shellcheck shell=bash
section "Portfolio (v39)"
PF_ROOT=$PWD
for d in pa pb pc; do mkdir -p "$d" && (cd "$d" && ic init --db=.clavain/intercore.db >/dev/null); done
run ic run create --goal="pf" --projects=pa,pb,pc --phases='["a","b","c"]' --gates='{"a→b":[],"b→c":[]}'
like "run create --projects: the portfolio's id, then a child a line" 0 $'^[a-z0-9]{8}\n  child: [a-z0-9]{8}\n  child: [a-z0-9]{8}\n  child: [a-z0-9]{8}$' '^$'
PF=$(head -1 <<<"$OUT")
CA=$(sed -n 2p <<<"$OUT" | cut -c10-)
CB=$(sed -n 3p <<<"$OUT" | cut -c10-)
run sql "$DB" "SELECT project_dir, parent_run_id, gate_rules IS NOT NULL FROM runs WHERE id IN (?, ?) ORDER BY project_dir" "$PF" "$CA"
is "run create --projects: the portfolio has project \"\" and the gates, the child its project and parent" 0 $'\t\t1\n'"$PF_ROOT/pa"$'\t'"$PF"$'\t0' ""
run ic run create --goal=pf --projects=pa
is "run create --projects: one project is exit 3" 3 "" "ic: run create: --projects requires at least 2 comma-separated paths"
run ic portfolio dep add "$PF" --upstream=pa --downstream=pb
is "portfolio dep add: prints added" 0 "added" ""
setup ic portfolio dep add "$PF" --upstream=pb --downstream=pc
run ic portfolio dep add "$PF" --upstream=pc --downstream=pa
is "portfolio dep add: a cycle is exit 2, one line, nothing written" 2 "" "ic: portfolio dep add: add dep: cycle detected: adding $PF_ROOT/pc → $PF_ROOT/pa would create a cycle"
run ic portfolio dep add "$CA" --upstream=pa --downstream=pb
is "portfolio dep add: a run that is no portfolio is exit 2" 2 "" "ic: portfolio dep add: add dep: run $CA is not a portfolio run (it has project $PF_ROOT/pa)"
run ic portfolio dep list "$PF"
is "portfolio dep list: upstream → downstream, oldest first" 0 "$PF_ROOT/pa → $PF_ROOT/pb"$'\n'"$PF_ROOT/pb → $PF_ROOT/pc" ""
run ic --json portfolio dep list "$PF"
like "portfolio dep list: --json" 0 "^\\[\\{\"created_at\":[0-9]+,\"downstream\":\"$PF_ROOT/pb\",\"upstream\":\"$PF_ROOT/pa\"\\},\\{\"created_at\":[0-9]+,\"downstream\":\"$PF_ROOT/pc\",\"upstream\":\"$PF_ROOT/pb\"\\}\\]\$" '^$'
run ic portfolio order "$PF"
is "portfolio order: numbered, upstreams first" 0 $'1\t'"$PF_ROOT/pa"$'\n2\t'"$PF_ROOT/pb"$'\n3\t'"$PF_ROOT/pc" ""
run ic gate check "$CB" --priority=0
like "gate check: a child whose upstream is behind fails upstreams_at_phase (exit 1)" 1 'upstreams_at_phase' '^$'
run ic run advance "$CB" --priority=0
is "run advance: the child waits for its upstream" 1 "a (blocked: block)" ""
setup ic run advance "$CA" --priority=0
run ic run advance "$CB" --priority=0
is "run advance: once the upstream is there, the child moves" 0 "a → b" ""
run ic --json portfolio status "$PF"
is "portfolio status: --json, each child ready or blocked by an upstream" 0 "[{\"project\":\"$PF_ROOT/pa\",\"phase\":\"b\",\"status\":\"active\",\"ready\":true},{\"project\":\"$PF_ROOT/pb\",\"phase\":\"b\",\"status\":\"active\",\"ready\":true},{\"project\":\"$PF_ROOT/pc\",\"phase\":\"a\",\"status\":\"active\",\"ready\":true}]" ""
run ic portfolio status "$PF"
like "portfolio status: a header, then a child a line" 0 '^PROJECT +PHASE +STATUS +READY +BLOCKED BY' '^$'
run ic portfolio dep remove "$PF" --upstream=pb --downstream=pc
is "portfolio dep remove: prints removed" 0 "removed" ""
run ic portfolio dep remove "$PF" --upstream=pb --downstream=pc
is "portfolio dep remove: a second time is exit 2" 2 "" "ic: portfolio dep remove: remove dep: not found"
# relay: a child's own advance in its project's database reaches the portfolio.
(cd pa && X=$(ic run create --goal=x --db=.clavain/intercore.db) && ic run advance "$X" --disable-gates --db=.clavain/intercore.db >/dev/null)
"$IC_BIN" portfolio relay "$PF" --interval=100ms 2>"$WORK/.relay-stderr" &
RELAY=$!
for _ in $(seq 100); do
  [[ $(sql "$DB" "SELECT count(*) FROM phase_events WHERE run_id = ? AND event_type = 'child_advanced'" "$PF") == 1 ]] && break
  sleep 0.1
done
kill -TERM "$RELAY"
RC=0
wait "$RELAY" || RC=$?
OUT=$(sql "$DB" "SELECT event_type, reason FROM phase_events WHERE run_id = ? ORDER BY id" "$PF")
ERR=$(<"$WORK/.relay-stderr")
is "portfolio relay: relays the child's event and upstream_changed, ends on SIGTERM with exit 0" 0 $'child_advanced\trelay:'"$PF_ROOT/pa"$'\nupstream_changed\tupstream_changed:brainstorm→brainstorm-reviewed' ""
