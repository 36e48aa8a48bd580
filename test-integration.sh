#!/usr/bin/env bash
# test-integration.sh: the built ./bin/ic driven the way hooks drive it.
#
# Runs ic as a child process in temp project directories, and runs the
# wrappers the way a hook does: a fresh `bash` with `set -euo pipefail` that
# sources the generated lib-intercore.sh. Covers every command and every
# wrapper, the fallbacks (ic absent from PATH; a broken database, where ic
# exits 2; fake ic binaries that exit 2 or 3, cannot execute, die by a signal
# or hang), the one-ic-process-per-call rule (a counting ic on PATH), scopes
# holding newlines and tabs, the lock wrappers' mkdir fallback, the --db
# refusals, TTL expiry, the v4 sections (run current, agents, artifacts) and
# the v6 run engine (chains, skips, gates).
#
# Prints `PASS: <name>` / `FAIL: <name>` per check and a last line
# `N passed, N failed`; exits 1 if any check failed. Needs `npm run build`.
#
# Hook snippets are single-quoted on purpose: they expand in the hook's shell.
# shellcheck disable=SC2016
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd -P)
IC_BIN="$ROOT/bin/ic"
export INTERCORE_LIB="$ROOT/lib-intercore.sh"
if [[ ! -f $ROOT/dist/ic.cjs || ! -f $INTERCORE_LIB ]]; then
  echo "FAIL: setup (build first: npm run gen && npm run build)"
  echo "0 passed, 1 failed"
  exit 1
fi

# A hook's environment starts without any of ours.
unset INTERCORE_BIN INTERCORE_DB CLAVAIN_DISPATCH_SH

WORK=$(mktemp -d "${TMPDIR:-/tmp}/ic-integration.XXXXXX")
WORK=$(cd "$WORK" && pwd -P)
LEGACY_TMP_OLD="/tmp/clavain-stop-ic-integration-$$-old"
LEGACY_TMP_NEW="/tmp/clavain-stop-ic-integration-$$-new"
cleanup() {
  # Agents a failed check may have left running: the slow fake dispatch
  # records its pid; end those (by pid, and only if still that process).
  local pid
  if [[ -f $WORK/slow.pids ]]; then
    while read -r pid; do
      if [[ $(ps -o args= -p "$pid" 2>/dev/null) == "sleep 60" ]]; then kill "$pid" 2>/dev/null || true; fi
    done <"$WORK/slow.pids"
  fi
  rm -rf "$WORK"
  rm -f "$LEGACY_TMP_OLD" "$LEGACY_TMP_NEW"
}
trap cleanup EXIT

# ic on PATH, as a hook finds it. NOIC_PATH is the same PATH without any
# directory that holds an ic (or intercore): "ic is not installed".
mkdir -p "$WORK/bin"
ln -s "$IC_BIN" "$WORK/bin/ic"
NOIC_PATH=""
IFS=: read -r -a path_dirs <<<"$PATH"
for dir in "${path_dirs[@]}"; do
  [[ -n $dir && ! -x $dir/ic && ! -x $dir/intercore ]] || continue
  NOIC_PATH+="${NOIC_PATH:+:}$dir"
done
export PATH="$WORK/bin:$NOIC_PATH"
export NOIC_PATH

# --- the harness -------------------------------------------------------------

passed=0
failed=0
CHECKED=()
# The lane a check runs in ("" for the main one): its scratch files are its own.
LANE=""
pass() {
  echo "PASS: $1"
  passed=$((passed + 1))
  CHECKED+=("$1")
}
fail() {
  echo "FAIL: $1"
  [[ -z ${2:-} ]] || echo "      $2"
  failed=$((failed + 1))
  CHECKED+=("$1")
}
section() { echo "=== $1 ==="; }

# run <command...>: runs it without tripping errexit; sets OUT, ERR and RC
# (OUT and ERR without their final newlines).
run() {
  RC=0
  OUT=$("$@" 2>"$WORK/.stderr$LANE") || RC=$?
  ERR=$(<"$WORK/.stderr$LANE")
}
ic() { "$IC_BIN" "$@"; }
# hook <snippet>: a fresh bash that sources the library the way a hook does.
hook() { bash -c 'set -euo pipefail; source "$INTERCORE_LIB"; '"$1"; }

got() { echo "rc=$RC stdout=$(printf %q "$OUT") stderr=$(printf %q "$ERR")"; }

# is <name> <rc> <stdout> [<stderr>]: the last run exited rc and printed
# exactly stdout (and stderr, when given).
is() {
  if [[ $RC == "$2" && $OUT == "$3" ]] && { [[ $# -lt 4 ]] || [[ $ERR == "$4" ]]; }; then pass "$1"; else fail "$1" "$(got)"; fi
}
# like <name> <rc> <stdout regex> [<stderr regex>]
like() {
  if [[ $RC == "$2" && $OUT =~ $3 ]] && { [[ $# -lt 4 ]] || [[ $ERR =~ $4 ]]; }; then pass "$1"; else fail "$1" "$(got)"; fi
}
# check <name> <command...>: passes when the command succeeds.
check() {
  local name=$1
  shift
  if "$@"; then pass "$name"; else fail "$name"; fi
}

# setup <command...>: a step that prepares a check; a failure is reported
# (and the checks that depend on it will fail) instead of aborting the run.
setup() {
  "$@" >/dev/null 2>"$WORK/.setup-stderr$LANE" || fail "setup: $*" "$(<"$WORK/.setup-stderr$LANE")"
}
# put <key> <scope> <json>: state set, for setting up.
put() { ic state set "$1" "$2" <<<"$3"; }

# sql <db> <statement> [params...]: rows printed with TAB between columns.
sql() {
  node -e '
    const [lib, file, query, ...params] = process.argv.slice(1);
    const db = new (require(lib))(file);
    const stmt = db.prepare(query);
    if (stmt.reader) for (const row of stmt.raw().all(...params)) console.log(row.join("\t"));
    else stmt.run(...params);
    db.close();
  ' "$ROOT/node_modules/better-sqlite3" "$@"
}
sql_exec() { node -e 'const db = new (require(process.argv[1]))(process.argv[2]); db.exec(process.argv[3]); db.close();' "$ROOT/node_modules/better-sqlite3" "$@"; }

# new_project <name>: an empty project directory; cd into it.
new_project() {
  mkdir -p "$WORK/$1"
  cd "$WORK/$1"
}
DB=.clavain/intercore.db
ID_RE='^[a-z0-9]{8}$'
# A run inserted directly, for the agent and artifact checks: they are about
# those commands, not about run create.
fixture_run() {
  local id=$1
  setup sql "$DB" "INSERT INTO runs (id, project_dir, goal) VALUES (?, ?, 'fixture')" "$id" "$PWD"
}
mtime() { stat -c %Y "$1" 2>/dev/null || stat -f %m "$1"; }

# The v39 families, one part a family (test/integration/<family>.sh, the same
# harness), run in a second lane beside the sections below: each part works
# in its own project directory, so the two lanes share nothing but the
# machine's two cores. Their lines are printed and counted at the end.
(
  LANE=-parts
  for part in "$ROOT"/test/integration/*.sh; do
    [[ -f $part ]] || continue
    new_project "part-$(basename "$part" .sh)"
    setup ic init
    # shellcheck source=/dev/null
    source "$part"
  done
) >"$WORK/parts.out" 2>&1 &
PARTS_PID=$!

# --- housekeeping ------------------------------------------------------------------

section "Housekeeping"
new_project house
run ic
like "usage: ic with no command prints usage, exit 0" 0 $'^ic [0-9]+\\.[0-9]+\\.[0-9]+: .*\nUsage: ic '
run ic --help
like "usage: ic --help exits 0" 0 'Usage: ic '
run ic state --bogus-command
like "usage: unknown subcommand exits 3 with a message on stderr" 3 '^$' '^ic: '
run ic frobnicate
like "usage: unknown command exits 3" 3 '^$' '.+'
run ic version
like "version: before init says there is no database" 0 $'^ic [0-9]+\\.[0-9]+\\.[0-9]+\nschema: unknown \\(no database\\)$'
run ic health
like "health: without a database exits 2" 2 '^$' '^ic: health: .*ic init'
run bash -c 'source <("$0" completion bash) && COMP_WORDS=(ic run ag) COMP_CWORD=2 && _ic_complete && echo "${COMPREPLY[*]}"' "$IC_BIN"
is "completion: ic completion bash loads in bash and completes command words" 0 "agent" ""
run ic completion tcsh
like "completion: an unknown shell is a usage error" 3 '^$' '^ic: completion: '
run ic state get k s
like "state get: without a database exits 2 and says to run ic init" 2 '^$' '^ic: state get: .*run ic init$'
check "init: only init creates the database" test ! -e .clavain
run ic init
is "init: creates and migrates the database" 0 "initialized .clavain/intercore.db (schema v39)" ""
check "init: the database file exists" test -f "$DB"
run ic init
is "init: running it again is a no-op" 0 "initialized .clavain/intercore.db (schema v39)" ""
check "init: no backup of a fresh database" test -z "$(compgen -G "$DB.backup-*" || true)"
run ic version
like "version: prints the schema version" 0 $'^ic [0-9]+\\.[0-9]+\\.[0-9]+\nschema: v39$'
run ic health
is "health: ok on a migrated database" 0 "ok" ""
run ic --json health
like "health: --json" 0 '^\{"free_bytes":[0-9]+,"ok":true,"schema":39\}$'
mkdir -p sub/deeper
run bash -c 'cd sub/deeper && "$0" state list nothing && "$0" version' "$IC_BIN"
like "db: found walking up from a subdirectory" 0 'schema: v39$'

# A v3 database with a run in it: init backs it up and migrates, keeping rows.
new_project migrate
setup ic init
setup sql_exec "$DB" "DROP TABLE run_agents; DROP TABLE run_artifacts; DROP TABLE dispatch_events; ALTER TABLE runs DROP COLUMN phases; ALTER TABLE runs DROP COLUMN token_budget; ALTER TABLE runs DROP COLUMN budget_warn_pct; ALTER TABLE dispatches DROP COLUMN cache_hits; PRAGMA user_version = 3;"
setup sql "$DB" "INSERT INTO runs (id, project_dir, goal) VALUES ('oldrun01', '/p', 'kept')"
run ic state list k
like "db: a v3 database is refused until ic init" 2 '^$' 'run ic init$'
run ic init
is "init: migrates v3 to v39" 0 "initialized .clavain/intercore.db (schema v39)"
check "init: backs up to <db>.backup-YYYYMMDD-HHMMSS first" \
  bash -c '[[ $(compgen -G "$0.backup-*") =~ \.backup-[0-9]{8}-[0-9]{6}$ ]]' "$DB"
run ic run status oldrun01
like "init: migration keeps the rows" 0 $'^ID:         oldrun01\nStatus:     active\n'
run ic run agent list oldrun01
is "init: the v4-v6 tables exist after migration" 0 ""
check "init: the backup is still at schema v3" test "$(sql "$(compgen -G "$DB.backup-*")" 'PRAGMA user_version')" = 3

# A database from a newer ic.
new_project toonew
setup ic init
setup sql "$DB" "PRAGMA user_version = 40"
run ic state list k
like "db: schema too new exits 2 and says to upgrade ic" 2 '^$' '^ic: state list: .*upgrade ic'
run ic health
like "health: schema too new exits 2" 2 '^$' 'upgrade ic'
run ic init
like "init: refuses to touch a newer schema" 2 '^$' 'upgrade ic'

# --- --db ----------------------------------------------------------------------------

section "--db path checks"
new_project dbflag
mkdir -p data
run ic --db=data/x.db init
is "db: --db=<path> init creates that database" 0 "initialized data/x.db (schema v39)"
run ic --db data/x.db health
is "db: --db <path> (two words) works" 0 "ok"
run ic state list k --db=data/x.db
is "db: --db after the command works" 0 ""
check "db: --db did not create the default database" test ! -e "$DB"
run ic --db=../escape.db init
like "db: refuses a path with .. (exit 2)" 2 '^$' '^ic: init: invalid --db path.*\.\.'
check "db: nothing created outside the project" test ! -e "$WORK/escape.db"
run ic --db=data/x.txt health
like "db: refuses a path not ending in .db (exit 2)" 2 '^$' 'must end in \.db'
run ic --db="$WORK/outside.db" init
like "db: refuses a path outside the working directory (exit 2)" 2 '^$' 'under the working directory'
mkdir -p "$WORK/elsewhere"
ln -s "$WORK/elsewhere" linked
run ic --db=linked/x.db init
like "db: refuses a database whose directory is a symlink (exit 2)" 2 '^$' 'symbolic link'
check "db: nothing created through the symlink" test ! -e "$WORK/elsewhere/x.db"
run ic --timeout=soon state list k
like "db: an unparsable --timeout is a usage error (exit 3)" 3 '^$' '^ic: '

# --- state ---------------------------------------------------------------------------

section "State"
new_project state
setup ic init
run bash -c 'printf "  {\"a\": [1, 2]}\n\n" | "$0" state set progress s1' "$IC_BIN"
is "state set: payload from stdin, prints nothing" 0 "" ""
run ic state get progress s1
is "state get: the payload as given, whitespace trimmed" 0 '{"a": [1, 2]}' ""
run ic state get progress nope
is "state get: missing prints nothing, exit 1, silent" 1 "" ""
echo '{"from":"file"}' >payload.json
run ic state set progress s2 @payload.json
is "state set: payload from @file" 0 ""
run ic state get progress s2
is "state set: @file content stored" 0 '{"from":"file"}'
echo '{"x":1}' >"$WORK/outside.json"
run ic state set progress s3 "@$WORK/outside.json"
like "state set: @file outside the working directory exits 2" 2 '^$' '^ic: state set: '
run bash -c 'echo "{not json" | "$0" state set progress s4' "$IC_BIN"
like "state set: invalid JSON exits 2" 2 '^$' '^ic: state set: '
run ic state get progress s4
is "state set: invalid JSON wrote nothing" 1 ""
run bash -c 'echo "{}" | "$0" state set progress s5 --ttl=500ms' "$IC_BIN"
like "state set: a TTL below 1s exits 2" 2 '^$' '^ic: state set: '
run ic state list progress
is "state list: live scopes, sorted" 0 $'s1\ns2'
run ic --json state list progress
is "state list: --json" 0 '[{"scope_id":"s1"},{"scope_id":"s2"}]'
run ic state list nothing
is "state list: an unknown key prints nothing, exit 0" 0 ""
run ic state delete progress s2
is "state delete: prints deleted" 0 "deleted"
run ic state delete progress s2
is "state delete: again prints not found, exit 0" 0 "not found"
setup put wipe $'line\nbreak' '{}'
setup put wipe $'tab\there' '{}'
setup put wipe plain '{}'
setup put wipekeep plain '{}'
run ic state clear wipe
is "state clear: deletes every scope of the key (newlines and tabs too), prints the count" 0 "3 deleted"
check "state clear: other keys kept" test "$(ic state list wipe)|$(ic state list wipekeep)" = "|plain"
run ic --json state clear wipe
is "state clear: --json, nothing left" 0 '{"deleted":0}'
# Expiry is in whole seconds: a 2s TTL is surely readable right away, and surely gone 3s later.
setup ic state set ttl s1 --ttl=2s <<<'{"short":true}'
run ic state get ttl s1
is "state set --ttl: readable before it expires" 0 '{"short":true}'
sleep 3 # a behaviour wait: let the 2s TTL pass
run ic state get ttl s1
is "state get: an expired entry is missing (exit 1)" 1 ""
run ic state list ttl
is "state list: leaves out expired entries" 0 ""
run ic state prune
is "state prune: deletes expired rows" 0 "1 pruned"
run ic state prune
is "state prune: nothing left to prune" 0 "0 pruned"

# --- sentinel --------------------------------------------------------------------------

section "Sentinels"
new_project sentinel
setup ic init
run ic sentinel check stop s1 --interval=0
is "sentinel check: first claim allowed" 0 "allowed" ""
run ic sentinel check stop s1 --interval 0
is "sentinel check: interval 0 fires once (throttled, exit 1, silent)" 1 "throttled" ""
run ic sentinel check stop s2 --interval=0
is "sentinel check: another scope is independent" 0 "allowed"
run ic sentinel check drift s1 --interval=3600
is "sentinel check: interval N allowed first" 0 "allowed"
run ic sentinel check drift s1 --interval=3600
is "sentinel check: interval N throttled within N seconds" 1 "throttled"
setup sql "$DB" "UPDATE sentinels SET last_fired = last_fired - 3600 WHERE name = 'drift'"
run ic sentinel check drift s1 --interval=3600
is "sentinel check: interval N allowed again after N seconds" 0 "allowed"
run ic sentinel check stop s9
like "sentinel check: --interval is required (exit 3)" 3 '^$' '^ic: sentinel check: '
run ic sentinel check stop s9 --interval=-1
like "sentinel check: a negative interval is a usage error" 3 '^$' '^ic: sentinel check: '
run ic --json sentinel check json s1 --interval=0
is "sentinel check: --json" 0 '{"allowed":true}'
run ic sentinel reset stop s1
is "sentinel reset: prints reset" 0 "reset"
setup ic sentinel check wipe $'line\nbreak' --interval=0
setup ic sentinel check wipe $'tab\there' --interval=0
setup ic sentinel check wipekeep a --interval=0
run ic sentinel clear wipe
is "sentinel clear: resets every scope of the name (newlines and tabs too), prints the count" 0 "2 reset"
run ic sentinel check wipe $'line\nbreak' --interval=0
is "sentinel clear: the sentinel fires again; others kept" 0 "allowed"
run ic --json sentinel clear nosuch
is "sentinel clear: --json, none" 0 '{"deleted":0}'
setup ic sentinel clear wipe
setup ic sentinel clear wipekeep
run ic sentinel check stop s1 --interval=0
is "sentinel reset: the sentinel fires again" 0 "allowed"
run ic sentinel list
like "sentinel list: name TAB scope TAB last_fired, sorted" 0 $'^drift\ts1\t[0-9]+\njson\ts1\t[0-9]+\nstop\ts1\t[0-9]+\nstop\ts2\t[0-9]+$'
setup sql "$DB" "UPDATE sentinels SET last_fired = last_fired - 7200 WHERE name = 'json'"
run ic sentinel prune --older-than=1h
is "sentinel prune: deletes sentinels older than the duration" 0 "1 pruned"
run ic sentinel prune
like "sentinel prune: --older-than is required (exit 3)" 3 '^$'
# Many processes claim the same sentinel at once: exactly one may win.
racers=()
for i in 1 2 3 4 5 6 7 8; do
  (ic sentinel check race s1 --interval=0 >"$WORK/race.$i" 2>&1 || true) &
  racers+=($!)
done
wait "${racers[@]}" # not a bare wait: that would wait for the family lane too
check "sentinel check: of 8 concurrent claims exactly one is allowed" \
  test "$(cat "$WORK"/race.* | sort | uniq -c | tr -s ' ' | sed 's/^ //' | tr '\n' ',')" = "1 allowed,7 throttled,"

# --- compat -----------------------------------------------------------------------------

section "Compat"
new_project compat
run ic compat status
like "compat status: works without a database (DB n/a)" 0 $'^KEY\t\t\tLEGACY\tDB\nautopub             \t(yes|no)\tn/a\n'
setup ic init
run ic compat status
check "compat status: header and one row per legacy key, in key order" test "$(printf '%s\n' "$OUT" | cut -f1 | tr -d ' ' | tr '\n' ,)" = \
  "KEY,autopub,catalog_remind,compound_throttle,discovery_brief,dispatch,drift_throttle,handoff,stop,"
run ic compat check handoff
is "compat check: a key with no state exits 1" 1 "handoff: not in DB"
setup put handoff s1 '{}'
setup put handoff s2 '{}'
run ic compat check handoff
is "compat check: counts the scopes in the DB" 0 "handoff: 2 scope(s) in DB"
run ic compat status
like "compat status: DB yes for a key with live state" 0 $'\nhandoff             \t(yes|no)\tyes\n'

# --- dispatch -----------------------------------------------------------------------------

section "Dispatch"
# A stand-in for hub/clavain/scripts/dispatch.sh: writes the verdict and
# token summary next to the output file (-o) and exits.
cat >"$WORK/fake-dispatch.sh" <<'EOF'
#!/usr/bin/env bash
out=""
while [[ $# -gt 0 ]]; do
  case $1 in
    -o) out=$2; shift 2 ;;
    *) shift ;;
  esac
done
printf 'agent output\n' >"$out"
printf 'Tokens: 10 in / 20 out\n' >"$out.summary"
printf 'STATUS: pass\nSUMMARY: all good\n' >"$out.verdict"
EOF
# One that runs until it is killed (or for a minute).
cat >"$WORK/slow-dispatch.sh" <<EOF
#!/usr/bin/env bash
echo \$\$ >>"$WORK/slow.pids"
exec sleep 60
EOF
chmod +x "$WORK/fake-dispatch.sh" "$WORK/slow-dispatch.sh"
new_project dispatch
setup ic init
echo "do the thing" >prompt.md
run ic dispatch spawn --prompt-file=prompt.md --name=rev --output="$WORK/d1.md" --dispatch-sh="$WORK/fake-dispatch.sh"
like "dispatch spawn: prints the new ID" 0 "$ID_RE" '^$'
d1=$OUT
run ic dispatch wait "$d1" --poll=100ms --timeout=30s
like "dispatch wait: returns once the agent is done (completed, exit 0)" 0 $'(^|\n)Status:  completed\n'
like "dispatch wait: the verdict and tokens are collected" 0 $'\nTokens:  10 in / 20 out\nVerdict: pass\nSummary: all good\nExit:    0$'
run ic dispatch status "$d1"
like "dispatch status: the detail block (9 columns)" 0 "^ID:      $d1"$'\nStatus:  completed\nType:    codex\nName:    rev\nPID:     [0-9]+\nProject: '"$WORK/dispatch"$'\nPrompt:  '
run ic --json dispatch status "$d1"
like "dispatch status: --json, compact, sorted keys" 0 '^\{"agent_type":"codex",.*"exit_code":0,.*"in_tokens":10,.*"status":"completed",.*"verdict_status":"pass"'
check "dispatch spawn: prompt_hash is 16 hex digits of the prompt's SHA-256" \
  test "$(sql "$DB" "SELECT prompt_hash FROM dispatches WHERE id = ?" "$d1")" = "$(sha256sum prompt.md | cut -c1-16)"
check "dispatch spawn: verdict_file is the output + .verdict" \
  test "$(sql "$DB" "SELECT verdict_file FROM dispatches WHERE id = ?" "$d1")" = "$WORK/d1.md.verdict"
run ic dispatch poll "$d1"
like "dispatch poll: a terminal dispatch is unchanged" 0 $'\nStatus:  completed\n'
run ic dispatch status nosuchid
like "dispatch status: an unknown ID exits 1" 1 '^$' 'not found'
run ic dispatch spawn --name=x
like "dispatch spawn: --prompt-file is required (exit 3)" 3 '^$' '^ic: dispatch spawn: '
run ic dispatch spawn --prompt-file=prompt.md --dispatch-sh="$WORK/slow-dispatch.sh" --output="$WORK/d2.md" --name=slow
like "dispatch spawn: a long-running agent" 0 "$ID_RE"
d2=$OUT
run ic dispatch list --active
is "dispatch list --active: only spawned or running" 0 "$d2"$'\trunning\tcodex\tslow'
run ic dispatch list
is "dispatch list: newest first, id TAB status TAB type TAB name" 0 "$d2"$'\trunning\tcodex\tslow\n'"$d1"$'\tcompleted\tcodex\trev'
run ic --json dispatch list --active
like "dispatch list: --json shows \"status\":\"running\"" 0 '^\[\{.*"status":"running".*\}\]$'
run ic dispatch poll "$d2"
like "dispatch poll: a live process stays running" 0 $'\nStatus:  running\n'
run ic dispatch kill "$d2"
is "dispatch kill: prints killed" 0 "killed"
run ic dispatch status "$d2"
like "dispatch kill: status cancelled" 0 $'\nStatus:  cancelled\n'
run ic dispatch kill "$d2"
is "dispatch kill: an already terminal dispatch still prints killed, exit 0" 0 "killed"
run ic dispatch kill nosuchid
like "dispatch kill: an unknown ID exits 1" 1 '^$' '.+'
run ic dispatch spawn --prompt-file=prompt.md --dispatch-sh="$WORK/slow-dispatch.sh" --output="$WORK/d3.md"
d3=$OUT
run ic dispatch wait "$d3" --timeout=1s --poll=100ms
like "dispatch wait: on timeout kills it, status timeout, exit 1" 1 $'\nStatus:  timeout\n'
run ic dispatch prune --older-than=1h
is "dispatch prune: keeps recent dispatches" 0 "0 pruned"
setup sql "$DB" "UPDATE dispatches SET created_at = created_at - 7200"
run ic dispatch prune --older-than=1h
is "dispatch prune: deletes old terminal dispatches" 0 "3 pruned"

# --- run -------------------------------------------------------------------------------------

section "Runs"
new_project runs
setup ic init
run ic run create --goal="ship the parser"
like "run create: prints the new ID" 0 "$ID_RE" '^$'
r1=$OUT
run ic run status "$r1"
is "run status: the detail block (12 columns)" 0 "ID:         $r1
Status:     active
Phase:      brainstorm
Goal:       ship the parser
Project:    $WORK/runs
Complexity: 3"
run ic run phase "$r1"
is "run phase: brainstorm first" 0 "brainstorm"
# --priority=4: no gate (the default chain's first gates want artifacts; the Gates section tests them).
run ic run advance "$r1" --priority=4
is "run advance: moves to the next phase" 0 "brainstorm → brainstorm-reviewed"
run ic --json run advance "$r1" --priority=4
like "run advance: --json" 0 '^\{"active_agent_count":0,"advanced":true,"event_type":"advance","from_phase":"brainstorm-reviewed","gate_result":"[a-z]+","gate_tier":"none","next_gate_requirements":\["artifact_exists"\],"reason":"","to_phase":"strategized"\}$'
run ic run set "$r1" --auto-advance=false
is "run set: prints updated" 0 "updated"
run ic run advance "$r1" --priority=4
is "run advance: auto_advance off pauses (exit 1)" 1 "strategized (blocked: pause)" ""
run ic run set "$r1"
like "run set: no setting given is a usage error" 3 '^$'
run ic run set "$r1" --complexity=9
like "run set: complexity outside 1-5 is a usage error" 3 '^$'
run ic run events "$r1"
like "run events: oldest first, from → to TAB type TAB gate TAB reason" 0 $'^brainstorm → brainstorm-reviewed\tadvance\t[a-z]+\t\nbrainstorm-reviewed → strategized\tadvance\t[a-z]+\t\nstrategized → [a-z-]+\tset\t[^\n]*\nstrategized → [a-z-]+\tpause\tnone\tauto_advance disabled$'
run ic run create --goal="small fix" --complexity=1
r2=$OUT
setup ic run skip "$r2" brainstorm-reviewed --reason=trivial
run ic run advance "$r2" --priority=4
is "run advance: passes over a skipped phase" 0 "brainstorm → strategized"
run ic run events "$r2"
like "run events: the skip is recorded" 0 $'^brainstorm → brainstorm-reviewed\tskip\t\ttrivial\n'
run ic run list
like "run list: newest first, id TAB status TAB phase TAB goal" 0 "^$r2"$'\tactive\tstrategized\tsmall fix\n'"$r1"$'\tactive\tstrategized\tship the parser$'
run ic run cancel "$r2"
is "run cancel: prints cancelled" 0 "cancelled"
run ic run cancel "$r2"
is "run cancel: an already cancelled run exits 1 with a message" 1 "" "ic: run cancel: run already cancelled"
run ic run list --active
is "run list --active: only active runs" 0 "$r1"$'\tactive\tstrategized\tship the parser'
run ic run status nosuchid
like "run status: an unknown ID exits 1" 1 '^$' 'not found'
run ic run create --goal=x --complexity=6
like "run create: complexity outside 1-5 exits 3" 3 '^$'
run ic run create
like "run create: --goal is required (exit 3)" 3 '^$'

section "Run Current"
new_project current
setup ic init
run ic run current
is "run current: no active run exits 1, silently" 1 "" ""
run ic --json run current
is "run current: --json without a run is {\"found\":false}, exit 1" 1 '{"found":false}'
ca=$(ic run create --goal=first 2>/dev/null || true)
cb=$(ic run create --goal=second 2>/dev/null || true)
run ic run current
is "run current: the most recent active run of the project" 0 "$cb"
run ic --json run current
is "run current: --json" 0 "{\"found\":true,\"goal\":\"second\",\"id\":\"$cb\",\"phase\":\"brainstorm\"}"
ic run cancel "$cb" >/dev/null 2>&1 || true
run ic run current
is "run current: skips cancelled runs" 0 "$ca"
run ic run current --project="$WORK/elsewhere"
is "run current: --project selects another project" 1 ""

section "Run Agents"
new_project agents
setup ic init
fixture_run runa0001
fixture_run runb0001
run ic run agent add runa0001 --name=reviewer
like "run agent add: prints the agent ID" 0 "$ID_RE" '^$'
a1=$OUT
a2=$(ic run agent add runa0001 --type=codex --name=coder --dispatch-id=disp0001 || true)
a3=$(ic run agent add runa0001 || true)
run ic run agent list runa0001
is "run agent list: oldest first, id TAB type TAB status TAB name" 0 "$a1"$'\tclaude\tactive\treviewer\n'"$a2"$'\tcodex\tactive\tcoder\n'"$a3"$'\tclaude\tactive\t'
run ic --json run agent list runa0001
like "run agent list: --json with dispatch_id when set" 0 "^\\[\\{\"agent_type\":\"claude\",\"created_at\":[0-9]+,\"id\":\"$a1\",\"name\":\"reviewer\",\"run_id\":\"runa0001\",\"status\":\"active\",\"updated_at\":[0-9]+\\},\\{\"agent_type\":\"codex\",.*\"dispatch_id\":\"disp0001\""
run ic run agent update runa0001 "$a1" --status=completed
is "run agent update: prints updated" 0 "updated"
run ic run agent update "$a2" --status=failed
is "run agent update: the one-argument form" 0 "updated"
run ic run agent list runa0001
like "run agent update: the statuses changed" 0 $'\tclaude\tcompleted\treviewer\n.*\tcodex\tfailed\tcoder\n'
run ic run agent update runb0001 "$a3" --status=completed
like "run agent update: an agent of another run exits 1" 1 '^$' '.+'
run ic run agent update runa0001 nosuchid --status=completed
like "run agent update: an unknown agent exits 1" 1 '^$' 'not found'
run ic run agent update runa0001 "$a3" --status=done
like "run agent update: a status other than active/completed/failed exits 3" 3 '^$'
run ic run agent update runa0001 "$a3"
like "run agent update: --status is required (exit 3)" 3 '^$'
run ic run agent add nosuchrun --name=x
is "run agent add: a missing run exits 1 with run not found" 1 "" "ic: run agent add: run not found"
run ic run agent list nosuchrun
is "run agent list: an unknown run prints nothing, exit 0" 0 ""
run ic run agent list runb0001
is "run agent list: a run without agents prints nothing" 0 ""

section "Run Artifacts"
run ic run artifact add runa0001 --phase=brainstorm --path=docs/brainstorm.md
like "run artifact add: prints the artifact ID" 0 "$ID_RE" '^$'
f1=$OUT
f2=$(ic run artifact add runa0001 --phase=planned --path=docs/plan.md --type=plan || true)
f3=$(ic run artifact add runa0001 --phase=planned --path=docs/plan-2.md || true)
run ic run artifact list runa0001
is "run artifact list: all phases, oldest first, id TAB phase TAB type TAB path" 0 "$f1"$'\tbrainstorm\tfile\tdocs/brainstorm.md\n'"$f2"$'\tplanned\tplan\tdocs/plan.md\n'"$f3"$'\tplanned\tfile\tdocs/plan-2.md'
run ic run artifact list runa0001 --phase=planned
is "run artifact list --phase: filters by phase" 0 "$f2"$'\tplanned\tplan\tdocs/plan.md\n'"$f3"$'\tplanned\tfile\tdocs/plan-2.md'
run ic --json run artifact list runa0001 --phase=brainstorm
like "run artifact list: --json" 0 "^\\[\\{\"created_at\":[0-9]+,\"id\":\"$f1\",\"path\":\"docs/brainstorm.md\",\"phase\":\"brainstorm\",\"run_id\":\"runa0001\",\"status\":\"active\",\"type\":\"file\"\\}\\]$"
run ic run artifact add runa0001 --path=x.md
like "run artifact add: --phase is required (exit 3)" 3 '^$'
run ic run artifact add runa0001 --phase=planned
like "run artifact add: --path is required (exit 3)" 3 '^$'
run ic run artifact add nosuchrun --phase=planned --path=x.md
is "run artifact add: a missing run exits 1" 1 "" "ic: run artifact add: run not found"
run ic run artifact list runb0001
is "run artifact list: a run without artifacts prints nothing" 0 ""

# --- the wrappers, with a healthy ic ------------------------------------------------------------

section "Run Engine (v6)"
new_project engine
setup ic init
run ic run create --goal="chain" --phases='["draft","review","ship"]'
like "run create --phases: prints the new ID" 0 "$ID_RE" '^$'
c1=$OUT
run ic --json run status "$c1"
like "run status --json: the chain as an array" 0 '"phase":"draft","phases":\["draft","review","ship"\]'
run ic run skip "$c1" review --reason="no reviewer" --actor=hook
is "run skip: prints skipped: <phase>" 0 "skipped: review"
run ic run skip "$c1" draft --reason=x
is "run skip: a phase not ahead exits 1 with the message" 1 "" 'ic: run skip: skip: phase "draft" is not ahead of current phase "draft"'
run ic run skip "$c1" review
like "run skip: --reason is required (exit 3)" 3 '^$' 'reason is required'
run ic run advance "$c1"
is "run advance: passes over the skipped phase to the last, completing the run" 0 "draft → ship"
run ic run events "$c1"
like "run events: the skip with its actor" 0 $'^draft → review\tskip\t\tactor=hook: no reviewer\ndraft → ship\tadvance\t[a-z]+\t$'
run ic run create --goal="gated"
g1=$OUT
run ic gate check "$g1"
is "gate check: a failing soft gate, exit 1, the evidence lines" 1 $'brainstorm → brainstorm-reviewed: fail (tier: soft, source: default)\n  [FAIL] artifact_exists (count: 0) — no artifacts found for phase "brainstorm"' ""
run ic run advance "$g1" --priority=1
is "run advance: a hard gate blocks (exit 1, silent)" 1 "brainstorm (blocked: block)" ""
run ic gate override "$g1" --reason="demo" --justified
is "gate override: moves anyway, saying why" 0 "brainstorm → brainstorm-reviewed (override: demo, category: justified)" ''
run ic run artifact add "$g1" --phase=brainstorm-reviewed --path=notes.md
run ic gate check "$g1" --priority=0
is "gate check: passes once the artifact exists" 0 $'brainstorm-reviewed → strategized: pass (tier: hard, source: default)\n  [PASS] artifact_exists (count: 1)'
run ic gate rules --phase=executing
is "gate rules: one line per check (no database needed)" 0 $'executing → review\tagents_complete'
run ic --json gate rules --phase=nothing
is "gate rules --json: [] when nothing matches" 0 "[]"
run ic gate
is "gate: a family without a subcommand is a usage error" 3 "" "ic: gate: missing subcommand (check, override, rules, signals)"

section "Tokens and Budgets (v6)"
new_project tokens
setup ic init
run ic run create --goal="budgeted" --token-budget=1000 --budget-warn-pct=50
t1=$OUT
setup sql_exec "$DB" "INSERT INTO dispatches (id, project_dir, status, scope_id) VALUES ('tok00001', '/p', 'running', '$t1')"
run ic dispatch tokens tok00001 --in=400 --out=100 --cache=300
is "dispatch tokens: updated, the warning announced once on stderr" 0 "updated" "[budget] WARNING: 500/1000 tokens (50% threshold)"
run ic dispatch tokens tok00001 --in=400 --out=100
is "dispatch tokens: a threshold already announced stays quiet" 0 "updated" ""
run ic run tokens "$t1"
is "run tokens: the sums and the cache ratio" 0 "Run: $t1
  Input tokens:  400
  Output tokens: 100
  Cache hits:    300
  Cache ratio:   42.9%
  Total tokens:  500"
run ic run budget "$t1"
like "run budget: WARNING, exit 0" 0 'Status:    WARNING$'
run ic dispatch tokens tok00001 --out=700
is "dispatch tokens: exceeded announced" 0 "updated" "[budget] EXCEEDED: 1100/1000 tokens"
run ic --json run budget "$t1"
like "run budget --json: exceeded, exit 1" 1 '"exceeded":true'
run ic dispatch tokens tok00001 --in=-1
like "dispatch tokens: a negative count is a usage error" 3 '^$'

section "Events (v6)"
new_project events
setup ic init
run ic run create --goal="observed"
e1=$OUT
setup ic run advance "$e1" --priority=4
setup sql_exec "$DB" "INSERT INTO dispatches (id, project_dir, status, scope_id) VALUES ('evd00001', '/p', 'running', '$e1')"
setup ic dispatch kill evd00001
# Both in one second: the merge puts dispatch events first.
setup sql_exec "$DB" "UPDATE phase_events SET created_at = 1000000; UPDATE dispatch_events SET created_at = 1000000"
run ic events tail "$e1"
# (each with the envelope ic stamped on it: {"policy_version":…,"span_id":…}, no nested braces)
like "events tail: the run's phase and dispatch events as JSON lines (dispatch first within a second)" 0 '^\{"id":1,"run_id":"'"$e1"'","source":"dispatch","type":"status_change","from_state":"running","to_state":"cancelled","envelope":\{"policy_version":"dispatch-lifecycle/v2",[^}]*\},"timestamp":"[0-9T:-]+(Z|[+-][0-9:]+)"\}
\{"id":1,"run_id":"'"$e1"'","source":"phase","type":"advance","from_state":"brainstorm","to_state":"brainstorm-reviewed","envelope":\{"policy_version":"phase-machine/v1",[^}]*\},"timestamp":'
run ic events tail
is "events tail: a run id or --all is required" 3 "" "ic: events tail: provide <run_id> or --all"
# A reactor, the way a hook author writes one: poll the bus with a consumer cursor.
reactor='source "$INTERCORE_LIB"; for i in 1 2 3; do intercore_events_tail_all --consumer=reactor --limit=1; done'
run bash -c "set -euo pipefail; $reactor"
like "intercore_events_tail_all: a reactor loop reads each event once, in order" 0 '^\{"id":1,[^}]*"source":"dispatch"[^}]*"to_state":"cancelled","envelope":\{[^}]*\}[^}]*\}
\{"id":1,[^}]*"source":"phase"[^}]*"envelope":\{[^}]*\}[^}]*\}$'
run bash -c "set -euo pipefail; $reactor"
is "intercore_events_tail_all: a second pass of the reactor finds nothing new" 0 "" ""
run ic events cursor list
is "events cursor list: the reactor's cursor (a position for every source)" 0 $'reactor\t{"phase":1,"dispatch":1,"interspect":0,"discovery":0,"review":0,"coordination":0,"agency":0,"intent":0}'
run hook 'intercore_events_cursor_get reactor; intercore_events_cursor_get react; intercore_events_cursor_get "re.*"'
is "intercore_events_cursor_get: exact names only (no pattern)" 0 '{"phase":1,"dispatch":1,"interspect":0,"discovery":0,"review":0,"coordination":0,"agency":0,"intent":0}' ""
run hook 'intercore_events_cursor_set "c:'"$e1"'" 1 0 && intercore_events_tail "'"$e1"'" --consumer=c'
like "intercore_events_tail: with intercore_events_cursor_set, the run's cursor is <consumer>:<run>" 0 '"source":"dispatch"'
run hook 'intercore_events_cursor_set c x 0 || echo "rc=$?"'
is "intercore_events_cursor_set: an id that is not a number returns 2" 0 "rc=2" ""
run hook 'intercore_events_cursor_reset reactor; intercore_events_cursor_reset reactor'
is "intercore_events_cursor_reset: reset, then not found" 0 $'reset\nnot found'
run ic events cursor reset nothing
is "events cursor reset: not found is still exit 0" 0 "not found"
run hook 'intercore_gate_check "'"$e1"'" || echo "rc=$?"'
is "intercore_gate_check: 1 when the gate fails (ic's output discarded)" 0 'rc=1' ''
run hook 'intercore_gate_check nosuch01 || echo "rc=$?"'
is "intercore_gate_check: ic's stderr passes through (an unknown run)" 0 'rc=1' 'ic: gate check: not found: nosuch01'
run hook 'intercore_gate_override "'"$e1"'" "ship it"'
is "intercore_gate_override: moves the run, saying why" 0 "brainstorm-reviewed → strategized (override: ship it, category: uncategorized)"
run hook 'intercore_run_skip "'"$e1"'" planned "small" agent-x'
is "intercore_run_skip: skipped: <phase>" 0 "skipped: planned"
run hook 'intercore_dispatch_tokens evd00001 10 5 2'
is "intercore_dispatch_tokens: updated" 0 "updated"
run hook 'intercore_dispatch_tokens evd00001 x 5 || echo "rc=$?"'
is "intercore_dispatch_tokens: a count that is not a number returns 3" 0 "rc=3" ""
run hook 'intercore_run_tokens "'"$e1"'"'
like "intercore_run_tokens: the JSON sums" 0 '^\{"cache_hits":2,"cache_ratio":16\.666666666666664,"input_tokens":10,"output_tokens":5,"run_id":"'"$e1"'","total_tokens":15\}$'
run hook 'intercore_run_budget "'"$e1"'"; echo " rc=$?"'
like "intercore_run_budget: no budget, 0" 0 '"message":"no budget set".* rc=0$'

section "Wrappers"
new_project hooks
setup ic init
run hook 'echo "v=$INTERCORE_WRAPPER_VERSION stop=$INTERCORE_STOP_DEDUP_SENTINEL bin=[$INTERCORE_BIN] lock=[$INTERCORE_LOCK_BIN]"'
is "lib-intercore.sh: sources silently under set -euo pipefail, with its constants" 0 "v=0.6.0 stop=stop bin=[] lock=[]" ""
run hook 'source "$INTERCORE_LIB"; echo twice'
is "lib-intercore.sh: can be sourced twice" 0 "twice" ""
run hook 'intercore_available; echo "rc=$? bin=$INTERCORE_BIN"'
is "intercore_available: finds ic on PATH and caches its path" 0 "rc=0 bin=$WORK/bin/ic" ""
run env PATH="$NOIC_PATH" INTERCORE_BIN="$IC_BIN" bash -c 'set -euo pipefail; source "$INTERCORE_LIB"; intercore_available; intercore_state_set k s "{\"preset\":1}"; intercore_state_get k s'
is "intercore_available: a preset INTERCORE_BIN is used as is" 0 '{"preset":1}' ""
run hook 'intercore_state_set plan s1 "{\"step\":1}"; echo "rc=$?"; intercore_state_get plan s1'
is "intercore_state_set: stores the JSON; intercore_state_get prints it" 0 $'rc=0\n{"step":1}' ""
run hook 'v=$(intercore_state_get plan missing); echo "rc=$? [$v]"'
is "intercore_state_get: a missing entry prints nothing and returns 0" 0 "rc=0 []" ""
run hook 'intercore_state_set plan s2 "{oops"; echo "rc=$?"; intercore_state_set plan s2 "{oops"; echo "rc=$?"'
# ic exits 2 for invalid JSON as for a broken database: the wrapper cannot
# tell them apart, so it prints the hint (once per shell).
like "intercore_state_set: invalid JSON is swallowed (returns 0, the hint once on stderr)" 0 $'^rc=0\nrc=0$' '^lib-intercore: [^'$'\n'']* health failed; using fallbacks [^'$'\n'']*$'
run ic state get plan s2
is "intercore_state_set: invalid JSON stored nothing" 1 ""
run hook 'if intercore_sentinel_check compound s1 0; then echo allowed; fi; if ! intercore_sentinel_check compound s1 0; then echo throttled; fi'
is "intercore_sentinel_check: 0 allowed, then 1 throttled" 0 $'allowed\nthrottled' ""
run hook 'intercore_sentinel_check_or_legacy stop s1 0 "$PWD/legacy-stop" && echo allowed; intercore_sentinel_check_or_legacy stop s1 0 "$PWD/legacy-stop" || echo throttled'
is "intercore_sentinel_check_or_legacy: ic decides when it answers" 0 $'allowed\nthrottled' ""
check "intercore_sentinel_check_or_legacy: no legacy file while ic answers" test ! -e legacy-stop
run hook 'intercore_check_or_die once s1 0 "$PWD/legacy-once"; echo first; intercore_check_or_die once s1 0 "$PWD/legacy-once"; echo second'
is "intercore_check_or_die: continues when allowed, exits the hook with 0 when throttled" 0 "first" ""
run hook 'intercore_sentinel_reset_or_legacy stop s1 "$PWD/legacy-stop*"; echo "rc=$?"; intercore_sentinel_check stop s1 0 && echo allowed'
is "intercore_sentinel_reset_or_legacy: resets the sentinel in ic" 0 $'rc=0\nallowed' ""
setup ic sentinel check multi a --interval=0
setup ic sentinel check multi b --interval=0
setup ic sentinel check other a --interval=0
run hook 'intercore_sentinel_reset_all multi "$PWD/legacy-multi-*"; echo "rc=$?"'
is "intercore_sentinel_reset_all: returns 0" 0 "rc=0" ""
run ic sentinel list
check "intercore_sentinel_reset_all: every scope of that name reset, others kept" \
  test "$(printf '%s\n' "$OUT" | cut -f1,2 | grep -c '^multi')-$(printf '%s\n' "$OUT" | cut -f1,2 | grep -c '^other')" = "0-1"
setup put handoff a '{}'
setup put handoff b '{}'
setup put keep a '{}'
run hook 'intercore_state_delete_all handoff "$PWD/legacy-handoff-*"; echo "rc=$?"'
is "intercore_state_delete_all: returns 0" 0 "rc=0" ""
check "intercore_state_delete_all: every scope of the key deleted, other keys kept" \
  test "$(ic state list handoff)|$(ic state list keep)" = "|a"
setup ic sentinel check stale s1 --interval=0
setup ic sentinel check fresh s1 --interval=0
setup sql "$DB" "UPDATE sentinels SET last_fired = last_fired - 7200 WHERE name = 'stale'"
run hook 'intercore_cleanup_stale; echo "rc=$?"'
is "intercore_cleanup_stale: returns 0" 0 "rc=0" ""
check "intercore_cleanup_stale: prunes sentinels older than an hour, keeps fresh ones" \
  test "$(ic sentinel list | cut -f1 | grep -cx stale)-$(ic sentinel list | cut -f1 | grep -cx fresh)" = "0-1"

echo "review this" >prompt.md
export CLAVAIN_DISPATCH_SH="$WORK/fake-dispatch.sh"
run hook 'intercore_dispatch_spawn codex "$PWD" prompt.md "'"$WORK"'/w1.md" reviewer'
like "intercore_dispatch_spawn: prints the dispatch ID (via CLAVAIN_DISPATCH_SH)" 0 "$ID_RE" '^$'
w1=$OUT
export W1=$w1
run hook 'intercore_dispatch_wait "$W1" 30s'
like "intercore_dispatch_wait: prints the finished dispatch as JSON" 0 "^\\{.*\"id\":\"$w1\".*\"name\":\"reviewer\".*\"status\":\"completed\".*\"verdict_status\":\"pass\""
run hook 'intercore_dispatch_status "$W1"'
like "intercore_dispatch_status: prints the dispatch as JSON" 0 "^\\{\"agent_type\":\"codex\",.*\"id\":\"$w1\""
run hook 'intercore_dispatch_status nosuchid || echo "rc=$?"'
is "intercore_dispatch_status: an unknown ID returns 1, prints nothing" 0 "rc=1" ""
run hook 'intercore_dispatch_list_active'
is "intercore_dispatch_list_active: a JSON array (empty when none)" 0 "[]" ""
export CLAVAIN_DISPATCH_SH="$WORK/slow-dispatch.sh"
run hook 'intercore_dispatch_spawn codex "$PWD" prompt.md'
like "intercore_dispatch_spawn: output and name are optional" 0 "$ID_RE"
export W2=$OUT
run hook 'intercore_dispatch_list_active'
like "intercore_dispatch_list_active: lists the running dispatch" 0 "^\\[\\{.*\"id\":\"$W2\".*\"status\":\"running\""
run hook 'intercore_dispatch_kill "$W2"; echo "rc=$?"'
is "intercore_dispatch_kill: returns 0, prints nothing" 0 "rc=0" ""
run ic dispatch status "$W2"
like "intercore_dispatch_kill: the dispatch is cancelled" 0 $'\nStatus:  cancelled\n'
check "intercore_dispatch_spawn: the name defaults to codex" test "$(sql "$DB" "SELECT name FROM dispatches WHERE id = ?" "$W2")" = codex
unset CLAVAIN_DISPATCH_SH

hr=$(ic run create --goal="hook run" 2>/dev/null || true)
export HR=$hr
run hook 'intercore_run_current'
is "intercore_run_current: prints the project's active run" 0 "$hr" ""
run hook 'intercore_run_current "'"$WORK"'/elsewhere" || echo "rc=$?"'
is "intercore_run_current: another project without runs returns 1" 0 "rc=1" ""
fixture_run hookrun1
run hook 'intercore_run_phase hookrun1'
is "intercore_run_phase: prints the phase" 0 "brainstorm" ""
run hook 'intercore_run_phase nosuchid || echo "rc=$?"'
is "intercore_run_phase: an unknown run returns 1, prints nothing" 0 "rc=1" ""
run hook 'intercore_run_agent_add hookrun1 claude reviewer disp0001'
like "intercore_run_agent_add: prints the agent ID" 0 "$ID_RE" '^$'
ha=$OUT
run hook 'intercore_run_agent_add hookrun1 codex'
like "intercore_run_agent_add: name and dispatch_id are optional" 0 "$ID_RE"
hb=$OUT
run ic --json run agent list hookrun1
like "intercore_run_agent_add: the agents are recorded" 0 "\"dispatch_id\":\"disp0001\",\"id\":\"$ha\",\"name\":\"reviewer\".*\\{\"agent_type\":\"codex\",\"created_at\":[0-9]+,\"id\":\"$hb\",\"run_id\""
run hook 'intercore_run_agent_add nosuchrun claude || echo "rc=$?"'
is "intercore_run_agent_add: a missing run returns 1, prints nothing" 0 "rc=1" ""
run hook 'intercore_run_artifact_add hookrun1 brainstorm docs/b.md'
like "intercore_run_artifact_add: prints the artifact ID" 0 "$ID_RE" '^$'
hf=$OUT
run hook 'intercore_run_artifact_add hookrun1 planned docs/p.md plan'
hg=$OUT
run ic run artifact list hookrun1
is "intercore_run_artifact_add: recorded, type file by default" 0 "$hf"$'\tbrainstorm\tfile\tdocs/b.md\n'"$hg"$'\tplanned\tplan\tdocs/p.md'

# INTERCORE_DB: the v6 gate, skip, token and budget wrappers pass --db; the
# v4, lock and event wrappers find the database as ic does (contract v6, 9).
mkdir -p alt
setup ic --db=alt/hooks.db init
run ic --db=alt/hooks.db run create --goal=alt
alt_run=$OUT
run env INTERCORE_DB=alt/hooks.db bash -c 'set -euo pipefail; source "$INTERCORE_LIB"; intercore_run_skip "$0" planned "not needed" && intercore_state_set where s1 "{\"db\":\"default\"}"' "$alt_run"
is "INTERCORE_DB: the v6 wrappers pass --db" 0 "skipped: planned" ""
check "INTERCORE_DB: the skip went to that database; the v4 state wrapper used the default one" \
  test "$(ic --db=alt/hooks.db run events "$alt_run" | cut -f2)|$(ic state get where s1)|$(ic --db=alt/hooks.db state get where s1 || true)" = 'skip|{"db":"default"}|'
run env INTERCORE_DB=../escape.db bash -c 'set -euo pipefail; source "$INTERCORE_LIB"; intercore_run_tokens r1 || echo "rc=$?"'
like "INTERCORE_DB: a traversal path is refused; the wrappers fail safe" 0 $'^rc=1$' 'health failed'
check "INTERCORE_DB: nothing created outside the project" test ! -e "$WORK/escape.db"

# --- fallbacks: ic not installed ---------------------------------------------------------------

section "Fallbacks: ic absent from PATH"
new_project noic
nohook() { env PATH="$NOIC_PATH" bash -c 'set -euo pipefail; source "$INTERCORE_LIB"; '"$1"; }
run nohook 'intercore_available || echo "rc=$? [$INTERCORE_BIN]"'
is "intercore_available (no ic): returns 1 silently" 0 "rc=1 []" ""
run nohook 'intercore_state_set k s "{}"; echo "rc=$?"; v=$(intercore_state_get k s); echo "rc=$? [$v]"'
is "intercore_state_set / intercore_state_get (no ic): return 0, print nothing" 0 $'rc=0\nrc=0 []' ""
run nohook 'intercore_sentinel_check x s 0 && echo allowed'
is "intercore_sentinel_check (no ic): allowed" 0 "allowed" ""
run nohook 'L="$PWD/legacy-a"; intercore_sentinel_check_or_legacy a s 0 "$L" && echo allowed; test -e "$L" && echo touched; intercore_sentinel_check_or_legacy a s 0 "$L" || echo throttled'
is "intercore_sentinel_check_or_legacy (no ic): interval 0 fires once via the legacy file" 0 $'allowed\ntouched\nthrottled' ""
touch legacy-b
run nohook 'intercore_sentinel_check_or_legacy b s 60 "$PWD/legacy-b" || echo throttled'
is "intercore_sentinel_check_or_legacy (no ic): a legacy file younger than the interval throttles" 0 "throttled" ""
touch -d '-120 seconds' legacy-c
before=$(mtime legacy-c)
run nohook 'intercore_sentinel_check_or_legacy c s 60 "$PWD/legacy-c" && echo allowed'
is "intercore_sentinel_check_or_legacy (no ic): an older legacy file allows" 0 "allowed" ""
check "intercore_sentinel_check_or_legacy (no ic): and touches the file" test "$(mtime legacy-c)" -gt "$before"
run nohook 'intercore_check_or_die d s 0 "$PWD/legacy-d"; echo first; intercore_check_or_die d s 0 "$PWD/legacy-d"; echo second'
is "intercore_check_or_die (no ic): exits the hook with 0 via the legacy file" 0 "first" ""
touch legacy-stop-1 legacy-stop-2 legacy-keep
run nohook 'intercore_sentinel_reset_or_legacy stop s "$PWD/legacy-stop-*"; echo "rc=$?"'
is "intercore_sentinel_reset_or_legacy (no ic): returns 0" 0 "rc=0" ""
check "intercore_sentinel_reset_or_legacy (no ic): deletes the legacy files of the glob only" \
  test "$(compgen -G 'legacy-stop-*' || true)|$(compgen -G 'legacy-keep')" = "|legacy-keep"
touch "legacy-all 1" "legacy-all 2"
run nohook 'set -f; intercore_sentinel_reset_all all "$PWD/legacy-all *"; echo "rc=$?"'
is "intercore_sentinel_reset_all (no ic): returns 0, even under set -f" 0 "rc=0" ""
check "intercore_sentinel_reset_all (no ic): deletes the legacy files (names with spaces too)" test -z "$(compgen -G 'legacy-all*' || true)"
touch legacy-handoff-1
run nohook 'intercore_state_delete_all handoff "$PWD/legacy-handoff-*"; echo "rc=$?"'
is "intercore_state_delete_all (no ic): returns 0" 0 "rc=0" ""
check "intercore_state_delete_all (no ic): deletes the legacy files" test ! -e legacy-handoff-1
touch -d '-2 hours' "$LEGACY_TMP_OLD"
touch "$LEGACY_TMP_NEW"
run nohook 'intercore_cleanup_stale; echo "rc=$?"'
is "intercore_cleanup_stale (no ic): returns 0" 0 "rc=0" ""
check "intercore_cleanup_stale (no ic): deletes legacy sentinel files older than 60 minutes only" \
  test ! -e "$LEGACY_TMP_OLD" -a -e "$LEGACY_TMP_NEW"
run nohook 'intercore_dispatch_spawn codex "$PWD" prompt.md || echo "spawn rc=$?"; intercore_dispatch_status x || echo "status rc=$?"; intercore_dispatch_wait x 1s || echo "wait rc=$?"; intercore_dispatch_list_active || echo "list rc=$?"; intercore_dispatch_kill x || echo "kill rc=$?"'
is "intercore_dispatch_* (no ic): return 1, print nothing" 0 $'spawn rc=1\nstatus rc=1\nwait rc=1\nlist rc=1\nkill rc=1' ""
run nohook 'intercore_run_current || echo "current rc=$?"; intercore_run_phase x || echo "phase rc=$?"; intercore_run_agent_add r claude || echo "agent rc=$?"; intercore_run_artifact_add r p f || echo "artifact rc=$?"'
is "intercore_run_* (no ic): return 1, print nothing" 0 $'current rc=1\nphase rc=1\nagent rc=1\nartifact rc=1' ""

# --- fallbacks: a broken database (ic exits 2) ---------------------------------------------------

section "Fallbacks: broken database"
new_project broken
mkdir -p .clavain
echo "this is not a database" >"$DB"
run ic state get k s
like "db: a corrupt database exits 2 with one line on stderr" 2 '^$' '^ic: state get: [^'$'\n'']*$'
run ic health
like "health: a corrupt database exits 2" 2 '^$' '^ic: health: '
run hook 'intercore_available || echo "rc=$? [$INTERCORE_BIN]"'
like "intercore_available (broken DB): health fails, prints a hint, returns 1" 0 '^rc=1 \[\]$' '^lib-intercore: .*health failed'
run hook 'intercore_sentinel_check_or_legacy s x 0 "$PWD/legacy-s" 2>/dev/null && echo allowed; intercore_sentinel_check_or_legacy s x 0 "$PWD/legacy-s" 2>/dev/null || echo throttled'
is "intercore_sentinel_check_or_legacy (broken DB): unhealthy ic falls back to the legacy file" 0 $'allowed\nthrottled' ""
# With INTERCORE_BIN preset there is no health check: ic itself exits 2.
export INTERCORE_BIN="$IC_BIN"
run hook 'L="$PWD/legacy-t"; intercore_sentinel_check_or_legacy t x 0 "$L" && echo allowed; test -e "$L" && echo touched; intercore_sentinel_check_or_legacy t x 0 "$L" || echo throttled'
like "intercore_sentinel_check_or_legacy (ic exits 2): the legacy path decides, the hint once" 0 $'^allowed\ntouched\nthrottled$' '^lib-intercore: [^'$'\n'']* health failed; using fallbacks [^'$'\n'']*$'
run hook 'intercore_check_or_die u x 0 "$PWD/legacy-u"; echo first; intercore_check_or_die u x 0 "$PWD/legacy-u"; echo second'
like "intercore_check_or_die (ic exits 2): exits the hook with 0 via the legacy file" 0 "^first$" '^lib-intercore: [^'$'\n'']* health failed; using fallbacks [^'$'\n'']*$'
run hook 'intercore_sentinel_check v x 0 && echo allowed'
like "intercore_sentinel_check (ic exits 2): fails open (allowed)" 0 "^allowed$" '^lib-intercore: [^'$'\n'']* health failed; using fallbacks [^'$'\n'']*$'
run hook 'intercore_state_set k s "{}"; echo "set rc=$?"; v=$(intercore_state_get k s); echo "get rc=$? [$v]"'
like "intercore_state_set / get (ic exits 2): return 0, print nothing" 0 $'^set rc=0\nget rc=0 \\[\\]$' '^lib-intercore: .*health failed'
# The subshell of $(...) is a shell of its own: its own hint (as before).
touch legacy-w-1 legacy-x-1 legacy-y-1
run hook 'intercore_sentinel_reset_or_legacy w x "$PWD/legacy-w-*"; intercore_sentinel_reset_all x "$PWD/legacy-x-*"; intercore_state_delete_all y "$PWD/legacy-y-*"; intercore_cleanup_stale; echo "rc=$?"'
like "reset / delete_all / cleanup (ic exits 2): return 0; four failed calls, the hint once" 0 "^rc=0$" '^lib-intercore: [^'$'\n'']* health failed; using fallbacks [^'$'\n'']*$'
check "reset / delete_all (ic exits 2): fall back to deleting the legacy files" test -z "$(compgen -G 'legacy-[wxy]-*' || true)"
run hook 'intercore_dispatch_status x || echo "status rc=$?"; intercore_dispatch_list_active || echo "list rc=$?"; intercore_run_current || echo "current rc=$?"; intercore_run_phase x || echo "phase rc=$?"; intercore_run_agent_add r claude || echo "agent rc=$?"; intercore_run_artifact_add r p f || echo "artifact rc=$?"'
like "dispatch and run wrappers (ic exits 2): return 1, print nothing" 0 $'^status rc=1\nlist rc=1\ncurrent rc=1\nphase rc=1\nagent rc=1\nartifact rc=1$' '^lib-intercore: [^'$'\n'']* health failed; using fallbacks [^'$'\n'']*$'
unset INTERCORE_BIN

# --- odd values and faults --------------------------------------------------------------------------

section "Wrappers: scopes with a newline or a tab"
new_project oddscopes
setup ic init
setup ic sentinel check odd $'new\nline' --interval=0
setup ic sentinel check odd $'tab\there' --interval=0
setup ic sentinel check odd plain --interval=0
setup ic sentinel check oddkeep plain --interval=0
run hook 'intercore_sentinel_reset_all odd "$PWD/legacy-odd-*"; echo "rc=$?"'
is "intercore_sentinel_reset_all: scopes with a newline or a tab: returns 0" 0 "rc=0" ""
run ic sentinel list
is "intercore_sentinel_reset_all: scopes with a newline or a tab are reset too, other names kept" 0 $'oddkeep\tplain\t'"$(cut -f3 <<<"$OUT")"
setup put oddkey $'new\nline' '{}'
setup put oddkey $'tab\there' '{}'
setup put oddkey plain '{}'
run hook 'intercore_state_delete_all oddkey "$PWD/legacy-oddkey-*"; echo "rc=$?"'
is "intercore_state_delete_all: scopes with a newline or a tab: returns 0" 0 "rc=0" ""
run ic state get oddkey $'new\nline'
is "intercore_state_delete_all: scopes with a newline or a tab are deleted too" 1 ""

# fake_ic <name> <body>: a fake ic (a bash script) in its own directory; sets FAKE_PATH.
fake_ic() {
  mkdir -p "$WORK/fake-$1"
  printf '#!/usr/bin/env bash\n%s\n' "$2" >"$WORK/fake-$1/ic"
  chmod +x "$WORK/fake-$1/ic"
  FAKE_PATH="$WORK/fake-$1:$NOIC_PATH"
}
fakehook() { env PATH="$FAKE_PATH" bash -c 'set -euo pipefail; source "$INTERCORE_LIB"; '"$1"; }
HINT_ONCE='^lib-intercore: [^'$'\n'']* health failed; using fallbacks [^'$'\n'']*$'

section "Wrappers: a faulty ic"
new_project faults
# Every wrapper's fallback, whatever the fault: prints nothing from ic.
ALL='intercore_state_set k s "{}"; echo "set $?"; intercore_state_get k s; echo "get $?"
intercore_sentinel_check n s 0; echo "check $?"
intercore_sentinel_check_or_legacy n s 0 "$PWD/legacy-f"; echo "legacy $?"
intercore_sentinel_reset_or_legacy n s "$PWD/legacy-f"; echo "reset $?"; test -e legacy-f || echo "legacy file gone"
intercore_dispatch_status x || echo "status $?"; intercore_dispatch_wait x 1s || echo "wait $?"
intercore_run_current || echo "current $?"; intercore_run_phase x || echo "phase $?"
intercore_run_agent_add r t || echo "agent $?"; intercore_run_artifact_add r p f || echo "artifact $?"'
ALL_OUT=$'set 0\nget 0\ncheck 0\nlegacy 0\nreset 0\nlegacy file gone\nstatus 1\nwait 1\ncurrent 1\nphase 1\nagent 1\nartifact 1'
fake_ic exit2 'echo "partial output"; exit 2'
run fakehook "$ALL"
like "faults: an ic that prints then exits 2: fallbacks, no partial output, the hint once" 0 "^$ALL_OUT\$" "$HINT_ONCE"
fake_ic exit3 'echo "partial output"; exit 3'
run fakehook 'intercore_run_phase x || echo "phase $?"; intercore_state_get k s; echo "get $?"'
like "faults: an ic that exits 3: fallbacks, no partial output" 0 $'^phase 1\nget 0$' "$HINT_ONCE"
fake_ic signal 'echo "partial output"; kill -KILL $$'
run fakehook "$ALL"
like "faults: an ic killed by a signal: fallbacks, no partial output, the hint once" 0 "^$ALL_OUT\$" "$HINT_ONCE"
mkdir -p "$WORK/fake-noexec"
printf 'not a program\n' >"$WORK/fake-noexec/ic"
chmod 644 "$WORK/fake-noexec/ic"
run env PATH="$NOIC_PATH" INTERCORE_BIN="$WORK/fake-noexec/ic" bash -c 'set -euo pipefail; source "$INTERCORE_LIB"; '"$ALL"
like "faults: an ic that cannot execute (126): fallbacks, the hint once" 0 "^$ALL_OUT\$" "$HINT_ONCE"
run env PATH="$NOIC_PATH" INTERCORE_BIN="$WORK/nowhere/ic" bash -c 'set -euo pipefail; source "$INTERCORE_LIB"; '"$ALL"
is "faults: a preset INTERCORE_BIN that does not exist (127): fallbacks, silently" 0 "$ALL_OUT" ""
fake_ic hang 'echo "partial output"; exec sleep 30'
started=$SECONDS
run env INTERCORE_CALL_TIMEOUT=1 PATH="$FAKE_PATH" bash -c 'set -euo pipefail; source "$INTERCORE_LIB"; intercore_sentinel_check_or_legacy n s 0 "$PWD/legacy-h"; echo "legacy $?"; v=$(intercore_run_phase x) || echo "phase $? [$v]"'
like "faults: a hanging ic is stopped after INTERCORE_CALL_TIMEOUT: fallbacks" 0 $'^legacy 0\nphase 1 \\[\\]$' 'health failed'
check "faults: two hanging calls with INTERCORE_CALL_TIMEOUT=1 take about 2 s, not 30" test $((SECONDS - started)) -le 6
fake_ic stubborn 'trap "" TERM; echo "partial output"; while :; do sleep 0.1; done'
started=$SECONDS
run env INTERCORE_CALL_TIMEOUT=1 PATH="$FAKE_PATH" bash -c 'set -euo pipefail; source "$INTERCORE_LIB"; intercore_state_get k s; echo "get $?"'
like "faults: an ic that ignores SIGTERM gets SIGKILL a second later: fallback" 0 "^get 0$" "$HINT_ONCE"
check "faults: the stubborn ic took about 2 s" test $((SECONDS - started)) -le 5
fake_ic slowwait 'sleep 2; echo "{\"waited\":true}"'
run env INTERCORE_CALL_TIMEOUT=1 PATH="$FAKE_PATH" bash -c 'set -euo pipefail; source "$INTERCORE_LIB"; intercore_dispatch_wait x 2s'
is "faults: intercore_dispatch_wait allows its own timeout on top of the bound" 0 '{"waited":true}' ""
# A bound unique to this run, to find its watchdog's sleep if one were left.
UNIQUE_BOUND=$((50000 + $$ % 40000))
run env INTERCORE_CALL_TIMEOUT="$UNIQUE_BOUND" PATH="$WORK/fake-exit2:$NOIC_PATH" bash -c 'source "$INTERCORE_LIB"; for i in 1 2 3 4 5 6 7 8; do intercore_state_get k s; done; echo done'
check "faults: no watchdog sleep left behind after the calls" test -z "$(pgrep -f -x "(/bin/)?sleep $UNIQUE_BOUND" || true)"
fake_ic counts 'printf "%s\n" "$*" >>"$COUNT_FILE"; exit 1'
run env COUNT_FILE="$WORK/count" PATH="$FAKE_PATH" bash -c 'set -euo pipefail; source "$INTERCORE_LIB"; intercore_sentinel_check n s 0 || echo "throttled $?"; echo "bin=$INTERCORE_BIN"'
is "faults: an ic exit 1 is an answer (no hint), found on PATH" 0 $'throttled 1\nbin='"$WORK/fake-counts/ic" ""

section "Wrappers: one ic process per call"
new_project counting
setup ic init
mkdir -p "$WORK/counting-bin"
printf '#!/usr/bin/env bash\nprintf "%%s\\n" "$*" >>"$COUNT_FILE"\nexec "%s" "$@"\n' "$IC_BIN" >"$WORK/counting-bin/ic"
chmod +x "$WORK/counting-bin/ic"
counthook() {
  rm -f "$WORK/count"
  env COUNT_FILE="$WORK/count" PATH="$WORK/counting-bin:$NOIC_PATH" bash -c 'set -euo pipefail; source "$INTERCORE_LIB"; '"$1" >/dev/null 2>&1 || true
  calls=$(cat "$WORK/count" 2>/dev/null || true)
  count=$(grep -c . "$WORK/count" 2>/dev/null || true)
}
counthook 'intercore_sentinel_check_or_legacy c s 0 "$PWD/legacy-c"'
check "process count: a hook making one wrapper call starts one ic (no health check)" test "$count|$calls" = "1|sentinel check c s --interval=0"
counthook 'intercore_sentinel_check_or_legacy c s 0 "$PWD/legacy-c" || true; intercore_state_get k s'
check "process count: two wrapper calls, two ic processes" test "$count" = 2
counthook 'intercore_sentinel_reset_all c "$PWD/legacy-c*"; intercore_state_delete_all k "$PWD/legacy-k*"'
check "process count: reset_all and delete_all start one ic each, however many scopes" test "$count" = 2
counthook 'intercore_available; intercore_available; intercore_state_get k s'
check "process count: intercore_available runs ic health once per shell; the wrapper then its one call" test "$calls" = $'health\nstate get k s'

section "Locks"
new_project locks
LOCK_NAME="ic-integration-$$"
LOCKS=/tmp/intercore-$EUID/locks
L="$LOCKS/$LOCK_NAME"
# Our lines of lock list / lock stale (the base is shared with everything else on the machine).
mine() { ic "$@" | grep -F "$LOCK_NAME" || true; }
# plant <scope> <pid> <age>: a lock left by a process, <age> seconds old.
plant() {
  mkdir -p "$L/$1"
  printf '{"pid":%s,"host":"h","owner":"%s:h","created":%s}' "$2" "$2" "$(($(date +%s) - $3))" >"$L/$1/owner.json"
}
run ic lock acquire "$LOCK_NAME" s1 --owner=me
is "lock acquire: silent, exit 0" 0 "" ""
check "lock acquire: the lock directory and owner.json (0600)" test "$(stat -c %a "$L/s1/owner.json")" = 600
run ic lock acquire "$LOCK_NAME" s1 --owner=other --timeout=0
is "lock acquire: a held lock, exit 1, silent" 1 "" ""
run ic --verbose lock acquire "$LOCK_NAME" s1 --owner=other --timeout=100ms
is "lock acquire --verbose: timed out, on stderr" 1 "" "ic: lock acquire: timed out"
run ic lock acquire "$LOCK_NAME" s1 --timeout=soon
is "lock acquire: a bad --timeout is a usage error" 3 "" "ic: lock acquire: invalid timeout: soon"
run ic lock acquire "$LOCK_NAME" ../x
is "lock acquire: a scope leaving the base, exit 2" 2 "" "ic: lock acquire: invalid lock name or scope"
run mine lock list --db=../nowhere.db --json
like "lock list: name, scope, owner, age; --db and --json ignored" 0 "^$LOCK_NAME"$'\t'"s1"$'\t'"me"$'\t'"[0-9]+s$" ""
run ic --verbose lock release "$LOCK_NAME" s1 --owner=other
is "lock release: another owner, exit 1 (--verbose: not owner)" 1 "" "ic: lock release: not owner"
run ic --verbose lock release "$LOCK_NAME" s1 --owner=me
is "lock release --verbose: released" 0 "released $LOCK_NAME/s1" ""
run ic lock release "$LOCK_NAME" s1 --owner=me
is "lock release: not found, exit 1, silent" 1 "" ""
plant dead 999999999 60
plant live $$ 60
plant fresh 999999999 0
run mine lock stale
like "lock stale: the locks older than 5 s" 0 "^$LOCK_NAME"$'\t'"dead"$'\t'"999999999:h"$'\t'"1m[0-9]s"$'\n'"$LOCK_NAME"$'\t'"live"$'\t'"$$:h"$'\t'"1m[0-9]s$" ""
run ic lock clean --older-than=30s
like "lock clean: prints how many it removed" 0 '^[1-9][0-9]* cleaned$' ""
check "lock clean: the dead pid's lock is gone, the live one and the fresh one stay" test ! -e "$L/dead" -a -e "$L/live" -a -e "$L/fresh"
rm -rf "$L"
run ic lock
is "lock: a missing subcommand lists them" 3 "" "ic: lock: missing subcommand (acquire, release, list, stale, clean)"

# The wrappers, with ic on PATH (hook) and without (nohook), interleaved:
# both sides use the same directories and owner.json, so each sees the other's locks.
run hook 'intercore_lock_available; echo "rc=$? [$INTERCORE_LOCK_BIN]"'
is "intercore_lock_available: finds ic on PATH (no health check)" 0 "rc=0 [$WORK/bin/ic]" ""
run nohook 'intercore_lock_available || echo "rc=$? [$INTERCORE_LOCK_BIN]"'
is "intercore_lock_available (no ic): returns 1" 0 "rc=1 []" ""
run hook 'intercore_lock "'"$LOCK_NAME"'" s1 && echo acquired; intercore_lock "'"$LOCK_NAME"'" s1 100ms || echo "held $?"; intercore_unlock "'"$LOCK_NAME"'" s1; test -e "'"$L/s1"'" || echo released'
is "intercore_lock / intercore_unlock: ic takes it, a second take waits and fails, the same shell releases it" 0 $'acquired\nheld 1\nreleased' ""
run hook 'intercore_lock "'"$LOCK_NAME"'" s2 && echo "$$:$(hostname -s)"'
WRAPPER_OWNER=$OUT
is "intercore_lock: owner <shell pid>:<short host>" 0 "$WRAPPER_OWNER" ""
run hook 'intercore_unlock "'"$LOCK_NAME"'" s2; echo "rc=$?"'
is "intercore_unlock: another shell's lock is not released (ic checks the owner), returns 0" 0 "rc=0" ""
check "intercore_unlock: the other shell's lock is still there" test -e "$L/s2"
run ic lock release "$LOCK_NAME" s2 "--owner=$WRAPPER_OWNER"
is "lock release: the wrapper's owner releases the wrapper's lock" 0 "" ""
# Fallback -> ic: a lock taken by mkdir is listed, held, and released by ic with the same owner.
run nohook 'intercore_lock "'"$LOCK_NAME"'" s3 && echo "$$:$(hostname -s)"'
FALLBACK_OWNER=$OUT
like "intercore_lock (no ic): mkdir takes the lock" 0 '^[0-9]+:.+$' ""
run mine lock list
like "lock list: shows the fallback's lock with its owner" 0 "^$LOCK_NAME"$'\t's3$'\t'"$FALLBACK_OWNER"$'\t'"[0-9]+s$" ""
run ic lock acquire "$LOCK_NAME" s3 --timeout=0
is "lock acquire: the fallback's lock is held" 1 "" ""
run ic --verbose lock release "$LOCK_NAME" s3 "--owner=$FALLBACK_OWNER"
is "lock release: releases the fallback's lock with its owner" 0 "released $LOCK_NAME/s3" ""
# ic -> fallback: a lock taken by ic is held for mkdir, and the fallback unlock removes it.
run ic lock acquire "$LOCK_NAME" s4 --owner=someone
run nohook 'intercore_lock "'"$LOCK_NAME"'" s4 || echo "held $?"'
is "intercore_lock (no ic): ic's lock is held (about 1 s of tries)" 0 "held 1" ""
run nohook 'intercore_unlock "'"$LOCK_NAME"'" s4; echo "rc=$?"'
is "intercore_unlock (no ic): returns 0" 0 "rc=0" ""
check "intercore_unlock (no ic): removes ic's lock directory (no owner check)" test ! -e "$L/s4"
run ic lock release "$LOCK_NAME" s4 --owner=someone
is "lock release: after the fallback removed it, not found" 1 "" ""
# Cleaning: with ic, the pid decides; without, the age alone.
plant old-dead 999999999 3600
plant old-live $$ 3600
run hook 'intercore_lock_clean 10m; echo "rc=$?"'
is "intercore_lock_clean: with ic, returns 0" 0 "rc=0" ""
check "intercore_lock_clean: with ic, the dead pid's lock goes, the live one stays" test ! -e "$L/old-dead" -a -e "$L/old-live"
touch -d '1 hour ago' "$L/old-live"
run nohook 'intercore_lock_clean 10m; echo "rc=$?"'
is "intercore_lock_clean (no ic): returns 0" 0 "rc=0" ""
check "intercore_lock_clean (no ic): an old lock is removed, whatever its pid" test ! -e "$L/old-live"
rm -rf "$L"

# --- sessions and goals (v39) ---------------------------------------------------------------------

section "Sessions and goals (v39)"
new_project goals
setup ic init
run ic session start --session=s1 --project="$PWD"
is "session start: registers a session" 0 "Session started: s1 (id=1)" ""
run ic session attribute --session=s1 --bead=iv-1 --run=r1 --phase=done
is "session attribute: records what the session works on (project: the working directory)" 0 "Attribution recorded (id=1)" ""
run ic --json session current --session=s1 --project="$PWD"
like "session current: Go's JSON, its keys in Go's order" 0 '^\{"session_id":"s1","project_dir":"[^"]+","bead_id":"iv-1","run_id":"r1","phase":"done","updated_at":[0-9]+\}$' '^$'
run ic --json session current --session=s9
is "session current: none is null, exit 1" 1 "null" ""
run ic session tokens --session=s1 --input=3 --output=4
is "session tokens: adds to the totals" 0 "Tokens recorded: +3 in, +4 out (billing: +7)" ""
run ic session list --active-only
like "session list: one line a session, then the count" 0 $'\\] s1  [^ ]+  active tokens=7\n\n1 session\\(s\\)$' '^$'
run ic session end --session=s1
is "session end: ends the session" 0 "Session ended: s1" ""
run ic session end --session=s1
like "session end: no open session is exit 2 (as Go), one line" 2 '^$' '^ic: session end: no open session "s1"'
run hook 'intercore_session_attribute s2 iv-2 r2 planned; echo "rc=$?"'
is "intercore_session_attribute: records it, prints nothing" 0 "rc=0" ""
run hook 'intercore_session_current s2'
like "intercore_session_current: the latest attribution as JSON" 0 '^\{"session_id":"s2","project_dir":"[^"]+","bead_id":"iv-2","run_id":"r2","phase":"planned","updated_at":[0-9]+\}$' '^$'
run hook 'intercore_session_current s9 || echo "rc=$?"'
is "intercore_session_current: none returns 1, prints nothing" 0 "rc=1" ""
run hook 'intercore_session_end s2 || echo "rc=$?"'
# (ic exits 2 there, as Go does: an answer, so no "health failed" hint)
is "intercore_session_end: no open session returns 1, no hint" 0 "rc=1" ""
printf '%s\n' '`npm test` exits 0, or stop after 20 turns' >cond.md
run ic --json goal create --title=Ship --project="$PWD" --condition-file=cond.md
like "goal create: mints an open goal, {id, status}" 0 '^\{"id":"[a-z0-9]{8}","status":"open"\}$' '^$'
G=$(sed -n 's/^{"id":"\([a-z0-9]*\)".*/\1/p' <<<"$OUT")
run ic goal create --title=Nice --project="$PWD" --condition='make it nice'
like "goal create: an error finding refuses it (exit 3) in one line naming it" 3 '^$' '^ic: goal create: condition failed lint: no demonstrable predicate .* \(use --force to override\)$'
run ic goal show "$G"
like "goal show: Go's Goal struct, with or without --json" 0 "^\\{\"ID\":\"$G\",\"ProjectDir\":\"[^\"]+\",\"Title\":\"Ship\",\"CharterPath\":null,"
run ic goal list --status=open
is "goal list: id, status, title" 0 "$G"$'\topen\tShip' ""
run ic goal lint-condition --text='tests pass'
like "goal lint-condition: findings as JSON, exit 0 with warnings only" 0 '^\[\{"severity":"warning","message":"no runtime bound' '^$'
run ic goal audit --project="$PWD" --dormant-after=604800
is "goal audit: no defects prints null, exit 0" 0 "null" ""
run ic goal close begin "$G" --owner=me --ttl=60
is "goal close begin: takes the lease, prints its fence" 0 '{"fence":1}' ""
run ic goal close begin "$G" --owner=you
like "goal close begin: a held lease is exit 2 (as Go)" 2 '^$' '^ic: goal close begin: close lease held by "me"'
for step in verified reflected compounded successor_proposed; do setup ic goal close step "$G" --fence=1 --name=$step; done
run ic goal close step "$G" --fence=2 --name=verified
like "goal close step: a fence no lease had is exit 2" 2 '^$' 'stale fence 2'
run ic goal close finish "$G" --fence=1
is "goal close finish: closes the goal once every step is stamped" 0 "" ""
run ic goal audit --project="$PWD"
like "goal audit: a goal closed without a successor, exit 1" 1 '^\[\{"goal_id":"[a-z0-9]{8}","title":"Ship","kind":"closed_without_successor","detail":"goal closed with no successor_ref recorded"\}\]$' '^$'
run hook 'intercore_goal_audit || echo " rc=$?"'
like "intercore_goal_audit: prints the defects of the working directory's project, returns 1" 0 '"kind":"closed_without_successor".* rc=1$' '^$'
run ic goal successor "$G" --ref=iv-9
is "goal successor: records what succeeds the goal" 0 "" ""
run hook 'intercore_goal_audit; echo "rc=$?"'
is "intercore_goal_audit: no defects prints null, returns 0" 0 $'null\nrc=0' ""
run nohook 'intercore_goal_audit; echo "rc=$?"'
is "intercore_goal_audit (no ic): returns 0, prints nothing (fail open)" 0 "rc=0" ""
G2=$(ic goal create --title=Two --project="$PWD" --condition-file=cond.md)
setup ic goal close begin "$G2"
run ic goal close release "$G2" --fence=1
is "goal close release: gives the lease up" 0 "" ""
run ic goal list --status=open
is "goal close release: the goal is open again" 0 "$G2"$'\topen\tTwo' ""

# --- the v39 families: their checks, run meanwhile in a lane of their own ---------------------

wait "$PARTS_PID" && parts_rc=0 || parts_rc=$?
cat "$WORK/parts.out"
while IFS= read -r line; do
  case $line in
    "PASS: "*) passed=$((passed + 1)) CHECKED+=("${line#PASS: }") ;;
    "FAIL: "*) failed=$((failed + 1)) CHECKED+=("${line#FAIL: }") ;;
  esac
done <"$WORK/parts.out"
[[ $parts_rc -eq 0 ]] || fail "the v39 family parts ended early (exit $parts_rc)"

# --- coverage: every command and every wrapper has a check ---------------------------------------

section "Coverage"
# the top-level help: a command a line, indented, under its group's title
commands=$(ic | awk -F'  +' '/^  [a-z]/ { print $2 }')
wrappers=$(bash -c 'source "$INTERCORE_LIB"; declare -F' | sed -n 's/^declare -f \(intercore_[a-z_]*\)$/\1/p')
missing=()
while IFS= read -r name; do
  [[ -n $name ]] || continue
  found=no
  for c in "${CHECKED[@]}"; do
    if [[ $c == "$name:"* || $c == "$name "* ]]; then found=yes; break; fi
  done
  [[ $found == yes ]] || missing+=("$name")
done <<<"$commands"$'\n'"$wrappers"
if [[ ${#missing[@]} -eq 0 && -n $commands && -n $wrappers ]]; then
  pass "coverage: every command and every wrapper has a check"
else
  fail "coverage: every command and every wrapper has a check" "missing: ${missing[*]:-(could not list commands or wrappers)}"
fi

echo
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
