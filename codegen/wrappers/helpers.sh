# --- internal helpers (not part of the API) ---------------------------------
# The library keeps to bash 3.2 features (the /bin/bash of macOS): no
# associative arrays, no printf '%(...)T', no empty arrays under nounset.

# Finds ic without starting a process: INTERCORE_BIN when set, else the
# first ic on PATH, else the first intercore (as `type -P` would), cached in
# INTERCORE_BIN (and in _intercore_found, so intercore_available can tell a
# path it found from one the caller set). 1 when there is none.
_intercore_find() {
  [[ -z ${INTERCORE_BIN:-} ]] || return 0
  local name rest dir
  for name in ic intercore; do
    rest=${PATH:-}
    while [[ -n $rest ]]; do
      dir=${rest%%:*}
      if [[ $rest == *:* ]]; then rest=${rest#*:}; else rest=""; fi
      [[ -n $dir ]] || dir=.
      if [[ -f $dir/$name && -x $dir/$name ]]; then
        INTERCORE_BIN=$dir/$name
        _intercore_found=$INTERCORE_BIN
        return 0
      fi
    done
  done
  return 1
}

# Sets _intercore_extra (the caller's local) to the seconds in a duration ic
# will wait for (500ms, 2s, 1m30s, 1h; parts rounded up), 0 if it is none.
_intercore_allow() {
  local text=${1:-} n frac unit re='^([0-9]*)([.][0-9]*)?(ns|us|ms|h|m|s)([0-9.].*)?$'
  _intercore_extra=0
  while [[ -n $text && $text =~ $re ]]; do
    n=${BASH_REMATCH[1]:-0} frac=${BASH_REMATCH[2]:-} unit=${BASH_REMATCH[3]:-s} text=${BASH_REMATCH[4]:-}
    n=$((10#$n))
    if [[ $frac =~ [1-9] ]]; then n=$((n + 1)); fi
    case $unit in
      h) n=$((n * 3600)) ;;
      m) n=$((n * 60)) ;;
      s) ;;
      *) n=1 ;;
    esac
    _intercore_extra=$((_intercore_extra + n))
  done
  return 0
}

# Runs "$@" (a binary and its arguments) with stderr discarded, stdin from
# _intercore_input when the caller set that (else /dev/null), and a time
# bound: INTERCORE_CALL_TIMEOUT seconds (default 10) plus _intercore_extra.
# Past it the command gets SIGTERM, and SIGKILL a second later. Returns its
# exit code (143 or 137 when it was stopped). A watchdog subshell and one
# sleep, both ended when the command ends: about 2 ms a call, some 0.5-1 ms
# more than GNU timeout (bench/run.mjs --hooks), which macOS lacks and which
# another timeout (old busybox: -t) could turn into an exit 1, an answer.
# Run it in a subshell, so that the caller's $! and jobs stay its own.
_intercore_bounded() {
  local limit=${INTERCORE_CALL_TIMEOUT:-} pid watchdog rc=0
  [[ $limit =~ ^[0-9]+$ ]] && ((10#$limit > 0)) || limit=10
  limit=$((10#$limit + ${_intercore_extra:-0}))
  if [[ -n ${_intercore_stderr:-} ]]; then
    # The wrapper passes ic's stderr on (gate check: why a gate failed).
    if [[ -n ${_intercore_input+set} ]]; then "$@" <<<"$_intercore_input" & else "$@" & fi
  elif [[ -n ${_intercore_input+set} ]]; then
    "$@" <<<"$_intercore_input" 2>/dev/null &
  else
    "$@" 2>/dev/null &
  fi
  pid=$!
  (
    # Whenever the wrapper ends this watchdog, end its sleep too.
    trap '[[ $! == "$pid" ]] || kill "$!" 2>/dev/null; exit 0' TERM
    # /bin/sleep (macOS and Linux) even when the caller's PATH lacks it; a
    # sleep that cannot run means no bound rather than a killed call.
    local sleep=/bin/sleep
    [[ -x $sleep ]] || sleep="sleep"
    "$sleep" "$limit" &
    wait "$!" || exit 0
    kill -TERM "$pid" 2>/dev/null || exit 0
    "$sleep" 1 &
    wait "$!" || exit 0
    kill -KILL "$pid" 2>/dev/null || true
  ) </dev/null >/dev/null 2>&1 &
  watchdog=$!
  wait "$pid" || rc=$?
  kill -TERM "$watchdog" 2>/dev/null || true
  return "$rc"
}

# Runs one ic call, with --db "$INTERCORE_DB" when that is set and the
# wrapper uses it (_intercore_with_db: the v6 gate, skip, token and budget
# wrappers; the others find the database walking up, as the contract says:
# ic itself reads INTERCORE_DB too, so they run it without), bounded in
# time (_intercore_bounded). Its stdout goes to _intercore_out (declare it
# local), whole, for the caller to print only when ic answered. Returns ic's
# exit code: 0 and 1 are answers (3 too, for the wrappers that set
# _intercore_usage: they return usage errors); anything else means ic is
# unavailable: 127 when there is no ic (silently), else ic could not run,
# failed (2 or more), was killed or took too long, and the first time in
# this shell the hint of intercore_available goes to stderr.
_intercore_ic() {
  local rc=0
  _intercore_out=""
  _intercore_find || return 127
  if [[ -n ${INTERCORE_DB:-} && -n ${_intercore_with_db:-} ]]; then set -- --db "$INTERCORE_DB" "$@"; fi
  _intercore_out=$(
    rc=0
    [[ -n ${_intercore_with_db:-} ]] || unset INTERCORE_DB
    _intercore_bounded "$INTERCORE_BIN" "$@" || rc=$?
    printf x
    exit "$rc"
  ) || rc=$?
  _intercore_out=${_intercore_out%x}
  # No hint for a 3 the wrapper returns as an answer (a usage error: the
  # caller's mistake), nor for a 2 that is one of the command's answers.
  if ((rc >= 2 && rc != 127)) && ! ((rc == 3 && ${_intercore_usage:-0})) && ! ((rc == 2 && ${_intercore_answer2:-0})) &&
    [[ -z ${_intercore_hinted:-} ]]; then
    _intercore_hint
  fi
  return "$rc"
}

# The hint, once per shell (a command substitution is a shell of its own).
_intercore_hint() {
  _intercore_hinted=1
  printf 'lib-intercore: %s health failed; using fallbacks (run "ic health" for the reason, "ic init" to create the database)\n' "$INTERCORE_BIN" >&2
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
