# lanes.sh: lane create/list/status/update/sync/members/events/velocity/close, as a hook drives them (sourced by test-integration.sh).
# shellcheck shell=bash
section "Lanes (v39)"
run ic lane create --name=interop --type=standing --description='Plugin interop'
like "lane create: prints the new lane id" 0 "$ID_RE" ''
LANE=$OUT
run ic lane create --name=interop
is "lane create: a lane of that name exists is exit 2, one line" 2 "" "ic: lane create: a lane named interop already exists"
run ic lane list
is "lane list: a header, then name, type, status, id" 0 $'NAME         TYPE       STATUS   ID\ninterop      standing   active   '"$LANE" ""
run ic lane list --json
like "lane list: --json is the lane rows, keys sorted" 0 "^\\[\\{\"created_at\":[0-9]+,\"description\":\"Plugin interop\",\"id\":\"$LANE\",\"lane_type\":\"standing\",\"name\":\"interop\",\"status\":\"active\",\"updated_at\":[0-9]+\\}\\]\$" '^$'
run ic lane update --name=interop --intent='ship the adapters'
is "lane update: sets the intent" 0 "updated interop intent" ""
run ic lane sync interop --bead-ids=iv-1,iv-2,iv-1
is "lane sync: a bead given twice counts once" 0 "synced 2 members to lane interop" ""
run ic lane members interop
is "lane members: one bead a line" 0 $'iv-1\niv-2' ""
run ic --json lane members "$LANE"
is "lane members: --json, by id" 0 '["iv-1","iv-2"]' ""
run ic lane sync interop --bead-ids=iv-2
is "lane sync: removes the beads not given" 0 "synced 1 members to lane interop" ""
run ic lane status interop
like "lane status: name, id, type, intent, counts" 0 "^Lane: interop \\($LANE\\)"$'\nType: standing  Status: active\nDescription: Plugin interop\nIntent: ship the adapters\nMembers: 1  Events: 6\nCreated: [0-9T:-]+Z\nMembers \\(1\\): iv-2$' '^$'
run ic --json lane status "$LANE"
like "lane status: --json carries intent, members and counts" 0 "^\\{\"created_at\":[0-9]+,\"description\":\"Plugin interop\",\"event_count\":6,\"id\":\"$LANE\",\"intent\":\"ship the adapters\",\"lane_type\":\"standing\",\"member_count\":1,\"members\":\\[\"iv-2\"\\],\"metadata\":\"\\{\\}\",\"name\":\"interop\",\"status\":\"active\",\"updated_at\":[0-9]+\\}\$" '^$'
run ic lane status nope
is "lane status: an unknown lane is exit 2, one line" 2 "" "ic: lane status: lane not found: nope"
run ic lane events interop
like "lane events: created, each add and removal, one snapshot a sync, oldest first" 0 '^[0-9-]+ [0-9:]+  created         \{\}
[0-9-]+ [0-9:]+  bead_added      \{"bead_id":"iv-1"\}
[0-9-]+ [0-9:]+  bead_added      \{"bead_id":"iv-2"\}
[0-9-]+ [0-9:]+  snapshot        \{"count":2\}
[0-9-]+ [0-9:]+  bead_removed    \{"bead_id":"iv-1"\}
[0-9-]+ [0-9:]+  snapshot        \{"count":1\}$' '^$'
run ic lane velocity --days=7
is "lane velocity: open, closed, throughput, starvation" 0 $'LANE          OPEN CLOSED   THRPUT      STARV\ninterop          1      1      1.0        3.0' ""
run ic --json lane velocity --days=7
is "lane velocity: --json" 0 "[{\"closed\":1,\"lane_id\":\"$LANE\",\"name\":\"interop\",\"open_beads\":1,\"starvation\":3,\"throughput\":1}]" ""
run ic lane close interop
is "lane close: closes an active lane" 0 "closed" ""
run ic lane close interop
is "lane close: an already closed lane is exit 2, one line" 2 "" "ic: lane close: lane interop is already closed"
run ic lane list --active
is "lane list: --active leaves the closed lane out" 0 "no lanes" ""
run sql "$DB" "SELECT name, status, intent FROM lanes"
is "lane close: the row is closed, the intent kept" 0 $'interop\tclosed\tship the adapters' ""
