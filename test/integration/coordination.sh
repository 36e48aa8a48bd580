# coordination.sh: coordination reserve/check/list/transfer/release/sweep, as agents' hooks drive them (sourced by test-integration.sh).
# shellcheck shell=bash
section "Coordination (v39)"
run ic coordination reserve --owner=a1 --scope="$PWD" --pattern='src/*.ts' --reason=edit --ttl=600
like "coordination reserve: prints the new lock id" 0 "$ID_RE" ''
LOCK=$OUT
run ic coordination reserve --owner=a2 --scope="$PWD" --pattern=src/a.ts
is "coordination reserve: an overlapping lock of another owner is exit 1, naming it" 1 "" "ic: coordination reserve: conflict: a1 holds src/*.ts (edit), lock $LOCK"
run ic --json coordination reserve --owner=a2 --scope="$PWD" --pattern='docs/*' --exclusive=false
like "coordination reserve: --json, a shared lock" 0 "^\\{\"lock\":\\{\"id\":\"[a-z0-9]{8}\",\"type\":\"file_reservation\",\"owner\":\"a2\",\"scope\":\"$PWD\",\"pattern\":\"docs/\\*\",\"exclusive\":false,\"created_at\":[0-9]+\\}\\}\$" '^$'
run ic coordination check --scope="$PWD" --pattern=src/a.ts
is "coordination check: an overlapping lock is exit 1: owner, pattern, reason" 1 $'a1\tsrc/*.ts\tedit' ""
run ic coordination check --scope="$PWD" --pattern=src/a.ts --exclude-owner=a1
is "coordination check: --exclude-owner leaves one's own out, exit 0" 0 "" ""
run ic coordination list --owner=a1
like "coordination list: id, type, owner, pattern, state, age" 0 "^$LOCK"$'\tfile_reservation\ta1\tsrc/\\*\\.ts\tactive\t[0-9]+[smhd]$' '^$'
run ic coordination transfer --from=a1 --to=a3 --scope="$PWD"
is "coordination transfer: gives the owner's locks to another" 0 "1 transferred" ""
run ic --json coordination list --active --owner=a3
like "coordination list: --json, the lock now a3's" 0 "^\\[\\{\"id\":\"$LOCK\",\"type\":\"file_reservation\",\"owner\":\"a3\",\"scope\":\"$PWD\",\"pattern\":\"src/\\*\\.ts\",\"exclusive\":true,\"reason\":\"edit\",\"ttl_seconds\":600,\"created_at\":[0-9]+,\"expires_at\":[0-9]+\\}\\]\$" '^$'
setup ic coordination reserve --owner=a5 --scope="$PWD" --pattern='lib/*'
# an overlapping exclusive lock of a6 that reserve would refuse: a fixture row
setup sql "$DB" "INSERT INTO coordination_locks (id, type, owner, scope, pattern, created_at) VALUES ('fixture6', 'file_reservation', 'a6', ?, 'lib/x', strftime('%s','now'))" "$PWD"
run ic coordination transfer --from=a5 --to=a6 --scope="$PWD"
like "coordination transfer: an exclusive lock overlapping --to's is exit 1" 1 '^$' '^ic: coordination transfer: '
run ic coordination release "$LOCK"
is "coordination release: by id" 0 "1 released" ""
run ic --json coordination release --owner=a2 --scope="$PWD"
is "coordination release: every lock of an owner in a scope, --json" 0 '{"released":1}' ""
run ic coordination check --scope="$PWD" --pattern=src/a.ts
is "coordination release: nothing overlaps any more" 0 "" ""
setup sql "$DB" "UPDATE coordination_locks SET ttl_seconds = 60, expires_at = strftime('%s','now') - 3600 WHERE owner = 'a6'"
run ic coordination sweep --dry-run
is "coordination sweep: --dry-run counts, releases nothing" 0 "(dry-run) 1 expired, 1 total" ""
run ic --json coordination sweep --older-than=1m
is "coordination sweep: releases the expired locks" 0 '{"expired":1,"total":1}' ""
run sql "$DB" "SELECT owner, released_at IS NOT NULL FROM coordination_locks ORDER BY owner"
is "coordination sweep: the rows as released (a5's still active)" 0 $'a2\t1\na3\t1\na5\t0\na6\t1' ""
