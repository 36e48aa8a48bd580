#!/usr/bin/env bash
# GENERATED from spec/intercore.yaml by codegen/. DO NOT EDIT: change the spec (or codegen/) and run `npm run gen`.
# shellcheck shell=bash
#
# lib-intercore.sh 0.3.0: Bash wrappers for ic. Source this file in hooks; every
# function fails safe when ic is missing or broken, and none exits the caller
# except intercore_check_or_die.
#
#   source lib-intercore.sh
#   intercore_check_or_die stop "$SESSION_ID" 0 "/tmp/clavain-stop-$SESSION_ID"
#   run_id=$(intercore_run_current) || run_id=""
#
# Safe to source under `set -euo pipefail`: no function trips errexit or
# nounset in the caller, and ic's stderr is discarded. INTERCORE_DB, when
# set, is passed to every ic call as --db. The return codes and the
# fallback of each function are in AGENTS.md (and in the comment above it).

# shellcheck disable=SC2034
INTERCORE_WRAPPER_VERSION="0.3.0"
# path of ic; empty until intercore_available finds a healthy one (a caller may
# preset it)
# shellcheck disable=SC2034
INTERCORE_BIN="${INTERCORE_BIN:-}"
# the sentinel name Stop hooks share to fire once per stop
# shellcheck disable=SC2034
INTERCORE_STOP_DEDUP_SENTINEL="stop"

# --- internal helpers (not part of the API) ---------------------------------
# The library keeps to bash 3.2 features (the /bin/bash of macOS): no
# associative arrays, no printf '%(...)T', no empty arrays under nounset.

# Runs ic against the caller's database: --db "$INTERCORE_DB" when that is
# set. Callers have checked intercore_available first.
_intercore_ic() {
  if [[ -n ${INTERCORE_DB:-} ]]; then
    "$INTERCORE_BIN" --db "$INTERCORE_DB" "$@"
  else
    "$INTERCORE_BIN" "$@"
  fi
}

# Deletes the files matching a glob pattern, whatever the caller's shell
# options (noglob, nullglob, failglob). An empty pattern deletes nothing.
_intercore_rm_glob() {
  local pattern=${1:-} file
  [[ -n $pattern ]] || return 0
  while IFS= read -r file; do
    rm -f -- "$file" 2>/dev/null || true
  done < <(compgen -G "$pattern" 2>/dev/null || true)
  return 0
}

# The legacy throttle: a temp file whose age is the time since the guard
# last fired. 1 (throttled) when it exists and the interval is 0 or it is
# younger than the interval; else it is touched and 0 (allowed). No file
# name: allowed.
_intercore_legacy_claim() {
  local file=${1:-} interval=${2:-} mtime now
  [[ -n $file ]] || return 0
  [[ $interval =~ ^[0-9]+$ ]] || interval=0
  if [[ -e $file ]]; then
    ((interval > 0)) || return 1
    mtime=$(stat -c %Y -- "$file" 2>/dev/null || stat -f %m -- "$file" 2>/dev/null) || mtime=0
    [[ $mtime =~ ^[0-9]+$ ]] || mtime=0
    now=$(date +%s) || now=0
    if ((now - mtime < interval)); then return 1; fi
  fi
  touch -- "$file" 2>/dev/null || true
  return 0
}

# intercore_available
#   Find a healthy ic and cache its path in INTERCORE_BIN.
#   Runs: ic health
#   Prints: nothing (a hint on stderr when ic health fails).
#   Returns: 0 when INTERCORE_BIN is set, or ic (or intercore) is on PATH and ic
#     health passes; else 1.
#   Without a healthy ic: health failing clears INTERCORE_BIN and returns 1.
intercore_available() {
  if [[ -n ${INTERCORE_BIN:-} ]]; then return 0; fi
  local bin
  bin=$(type -P ic 2>/dev/null || type -P intercore 2>/dev/null) || bin=""
  if [[ -z $bin ]]; then return 1; fi
  INTERCORE_BIN=$bin
  if _intercore_ic health >/dev/null 2>&1; then return 0; fi
  printf 'lib-intercore: %s health failed; using fallbacks (run "ic health" for the reason, "ic init" to create the database)\n' "$bin" >&2
  INTERCORE_BIN=""
  return 1
}

# intercore_state_set key scope_id json
#   Store a JSON document under (key, scope_id).
#   Runs: ic state set "$key" "$scope_id" <<<"$json"
#   Prints: nothing.
#   Returns: 0.
#   Without a healthy ic: returns 0, prints nothing.
intercore_state_set() {
  local key=${1:-} scope_id=${2:-} json=${3:-}
  intercore_available || return 0
  _intercore_ic state set "$key" "$scope_id" <<<"$json" >/dev/null 2>&1 || return 0
}

# intercore_state_get key scope_id
#   Print the JSON document under (key, scope_id), or nothing.
#   Runs: ic state get "$key" "$scope_id"
#   Prints: ic's output.
#   Returns: 0.
#   Without a healthy ic: returns 0, prints nothing.
intercore_state_get() {
  local key=${1:-} scope_id=${2:-}
  intercore_available || return 0
  _intercore_ic state get "$key" "$scope_id" 2>/dev/null || return 0
}

# intercore_state_delete_all key legacy_glob
#   Delete every scope of a state key.
#   Runs: ic state list, ic state delete
#   Prints: nothing.
#   Returns: 0.
#   Without a healthy ic: deletes the files matching legacy_glob.
intercore_state_delete_all() {
  local key=${1:-} legacy_glob=${2:-}
  if intercore_available; then
    local scopes scope rc=0
    scopes=$(_intercore_ic state list "$key" 2>/dev/null) || rc=$?
    if ((rc == 0)); then
      while IFS= read -r scope; do
        [[ -n $scope ]] || continue
        _intercore_ic state delete "$key" "$scope" >/dev/null 2>&1 || true
      done <<<"$scopes"
      return 0
    fi
  fi
  _intercore_rm_glob "$legacy_glob"
}

# intercore_sentinel_check name scope_id interval
#   Claim a throttle sentinel; 0 means allowed.
#   Runs: ic sentinel check "$name" "$scope_id" "--interval=$interval"
#   Prints: nothing.
#   Returns: 0; 1 when ic exits 1 (throttled).
#   Without a healthy ic: returns 0, prints nothing.
intercore_sentinel_check() {
  local name=${1:-} scope_id=${2:-} interval=${3:-}
  intercore_available || return 0
  local rc=0
  _intercore_ic sentinel check "$name" "$scope_id" "--interval=$interval" >/dev/null 2>&1 || rc=$?
  # ic exits 2 or more when it fails (or 127 when it cannot run): fail safe.
  if ((rc >= 2)); then return 0; fi
  return "$rc"
}

# intercore_sentinel_check_or_legacy name scope_id interval legacy_file
#   Claim a sentinel in ic, or with a legacy temp file when ic is unavailable or
#   fails.
#   Runs: ic sentinel check
#   Prints: nothing.
#   Returns: 0 allowed, 1 throttled (ic decides when it answers 0 or 1).
#   Without a healthy ic: ic unavailable or exit 2+: legacy_file exists and
#     interval is 0, or it is younger than interval seconds: 1; else touch it
#     and 0.
intercore_sentinel_check_or_legacy() {
  local name=${1:-} scope_id=${2:-} interval=${3:-} legacy_file=${4:-}
  if intercore_available; then
    local rc=0
    _intercore_ic sentinel check "$name" "$scope_id" "--interval=$interval" >/dev/null 2>&1 || rc=$?
    # 0 allowed, 1 throttled: ic decides. 2 or more: ic failed; use the legacy file.
    if ((rc < 2)); then return "$rc"; fi
  fi
  _intercore_legacy_claim "$legacy_file" "$interval"
}

# intercore_check_or_die name scope_id interval legacy_path
#   Claim a sentinel (as intercore_sentinel_check_or_legacy) and exit the caller
#   when throttled.
#   Runs: (no ic call of its own)
#   Prints: nothing.
#   Returns: 0 when allowed; when throttled it exits the calling shell with 0.
#   Without a healthy ic: as intercore_sentinel_check_or_legacy, with
#     legacy_path.
intercore_check_or_die() {
  local name=${1:-} scope_id=${2:-} interval=${3:-} legacy_path=${4:-}
  # The one function that may end the caller: throttled means "this hook has
  # nothing to do", so the hook exits successfully.
  intercore_sentinel_check_or_legacy "$name" "$scope_id" "$interval" "$legacy_path" || exit 0
}

# intercore_sentinel_reset_or_legacy name scope_id legacy_glob
#   Reset a sentinel in ic, or delete its legacy files.
#   Runs: ic sentinel reset
#   Prints: nothing.
#   Returns: 0.
#   Without a healthy ic: ic unavailable or failing deletes the files matching
#     legacy_glob.
intercore_sentinel_reset_or_legacy() {
  local name=${1:-} scope_id=${2:-} legacy_glob=${3:-}
  if intercore_available && _intercore_ic sentinel reset "$name" "$scope_id" >/dev/null 2>&1; then
    return 0
  fi
  _intercore_rm_glob "$legacy_glob"
}

# intercore_sentinel_reset_all name legacy_glob
#   Reset a sentinel in every scope, or delete its legacy files.
#   Runs: ic sentinel list, ic sentinel reset
#   Prints: nothing.
#   Returns: 0.
#   Without a healthy ic: ic unavailable or failing deletes the files matching
#     legacy_glob.
intercore_sentinel_reset_all() {
  local name=${1:-} legacy_glob=${2:-}
  if intercore_available; then
    local listing sentinel scope rc=0
    listing=$(_intercore_ic sentinel list 2>/dev/null) || rc=$?
    if ((rc == 0)); then
      # Lines: name<TAB>scope_id<TAB>last_fired.
      while IFS=$'\t' read -r sentinel scope _; do
        [[ $sentinel == "$name" ]] || continue
        _intercore_ic sentinel reset "$name" "$scope" >/dev/null 2>&1 || true
      done <<<"$listing"
      return 0
    fi
  fi
  _intercore_rm_glob "$legacy_glob"
}

# intercore_cleanup_stale
#   Delete sentinels that last fired more than an hour ago.
#   Runs: ic sentinel prune
#   Prints: nothing.
#   Returns: 0.
#   Without a healthy ic: deletes legacy sentinel files older than 60 minutes:
#     /tmp/clavain-stop-*, /tmp/clavain-compound-last-*,
#     /tmp/clavain-drift-last-*, /tmp/clavain-catalog-remind-*.lock.
intercore_cleanup_stale() {
  if intercore_available && _intercore_ic sentinel prune --older-than=1h >/dev/null 2>&1; then
    return 0
  fi
  find /tmp -maxdepth 1 -type f \( -name 'clavain-stop-*' -o -name 'clavain-compound-last-*' \
    -o -name 'clavain-drift-last-*' -o -name 'clavain-catalog-remind-*.lock' \) -mmin +60 -delete 2>/dev/null || true
}

# intercore_dispatch_spawn type project prompt_file [output] [name=codex]
#   Start an agent process detached and print its dispatch ID.
#   Runs: ic dispatch spawn "--type=$type" "--project=$project"
#     "--prompt-file=$prompt_file" ["--output=$output"] "--name=$name"
#   Prints: ic's output.
#   Returns: 0.
#   Without a healthy ic: returns 1, prints nothing.
intercore_dispatch_spawn() {
  local type=${1:-} project=${2:-} prompt_file=${3:-} output=${4:-} name=${5:-codex}
  intercore_available || return 1
  local -a args=(dispatch spawn "--type=$type" "--project=$project" "--prompt-file=$prompt_file")
  if [[ -n $output ]]; then args+=("--output=$output"); fi
  args+=("--name=$name")
  _intercore_ic "${args[@]}" 2>/dev/null || return 1
}

# intercore_dispatch_status id
#   Print a dispatch as JSON.
#   Runs: ic dispatch status "$id" --json
#   Prints: ic's JSON output.
#   Returns: 0; 1 when ic exits 1 (unknown id).
#   Without a healthy ic: returns 1, prints nothing.
intercore_dispatch_status() {
  local id=${1:-}
  intercore_available || return 1
  _intercore_ic dispatch status "$id" --json 2>/dev/null || return 1
}

# intercore_dispatch_wait id [timeout]
#   Wait for a dispatch to end and print it as JSON.
#   Runs: ic dispatch wait "$id" ["--timeout=$timeout"] --json
#   Prints: ic's JSON output.
#   Returns: 0; 1 when ic exits 1 (failed or timeout).
#   Without a healthy ic: returns 1, prints nothing.
intercore_dispatch_wait() {
  local id=${1:-} timeout=${2:-}
  intercore_available || return 1
  local -a args=(dispatch wait "$id")
  if [[ -n $timeout ]]; then args+=("--timeout=$timeout"); fi
  args+=(--json)
  _intercore_ic "${args[@]}" 2>/dev/null || return 1
}

# intercore_dispatch_list_active
#   Print the spawned and running dispatches as a JSON array.
#   Runs: ic dispatch list --active --json
#   Prints: ic's JSON output.
#   Returns: 0.
#   Without a healthy ic: returns 1, prints nothing.
intercore_dispatch_list_active() {
  intercore_available || return 1
  _intercore_ic dispatch list --active --json 2>/dev/null || return 1
}

# intercore_dispatch_kill id
#   Stop a dispatch.
#   Runs: ic dispatch kill "$id"
#   Prints: nothing.
#   Returns: 0; 1 when ic exits 1 (unknown id).
#   Without a healthy ic: returns 1, prints nothing.
intercore_dispatch_kill() {
  local id=${1:-}
  intercore_available || return 1
  _intercore_ic dispatch kill "$id" >/dev/null 2>&1 || return 1
}

# intercore_run_current [project=$PWD]
#   Print the ID of the project's most recent active run.
#   Runs: ic run current "--project=$project"
#   Prints: ic's output.
#   Returns: 0; 1 when ic exits 1 (no active run).
#   Without a healthy ic: returns 1, prints nothing.
intercore_run_current() {
  local project=${1:-$PWD}
  intercore_available || return 1
  _intercore_ic run current "--project=$project" 2>/dev/null || return 1
}

# intercore_run_phase id
#   Print a run's phase.
#   Runs: ic run phase "$id"
#   Prints: ic's output.
#   Returns: 0; 1 when ic exits 1 (unknown id).
#   Without a healthy ic: returns 1, prints nothing.
intercore_run_phase() {
  local id=${1:-}
  intercore_available || return 1
  _intercore_ic run phase "$id" 2>/dev/null || return 1
}

# intercore_run_agent_add run_id type [name] [dispatch_id]
#   Add an agent to a run and print its ID.
#   Runs: ic run agent add "$run_id" "--type=$type" ["--name=$name"]
#     ["--dispatch-id=$dispatch_id"]
#   Prints: ic's output.
#   Returns: 0; 1 when ic exits 1 (run not found).
#   Without a healthy ic: returns 1, prints nothing.
intercore_run_agent_add() {
  local run_id=${1:-} type=${2:-} name=${3:-} dispatch_id=${4:-}
  intercore_available || return 1
  local -a args=(run agent add "$run_id" "--type=$type")
  if [[ -n $name ]]; then args+=("--name=$name"); fi
  if [[ -n $dispatch_id ]]; then args+=("--dispatch-id=$dispatch_id"); fi
  _intercore_ic "${args[@]}" 2>/dev/null || return 1
}

# intercore_run_artifact_add run_id phase path [type=file]
#   Record a file produced by a run and print its ID.
#   Runs: ic run artifact add "$run_id" "--phase=$phase" "--path=$path"
#     "--type=$type"
#   Prints: ic's output.
#   Returns: 0; 1 when ic exits 1 (run not found).
#   Without a healthy ic: returns 1, prints nothing.
intercore_run_artifact_add() {
  local run_id=${1:-} phase=${2:-} path=${3:-} type=${4:-file}
  intercore_available || return 1
  _intercore_ic run artifact add "$run_id" "--phase=$phase" "--path=$path" "--type=$type" 2>/dev/null || return 1
}
