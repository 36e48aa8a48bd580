  local host owner part rc=0 _intercore_extra=0
  host=$(hostname -s 2>/dev/null) || host=""
  [[ -n $host ]] || host=unknown
  owner="$$:$host"
  if intercore_lock_available; then
    # Bounded in time like every ic call, plus the timeout ic itself waits.
    _intercore_allow "$timeout"
    (_intercore_bounded "$INTERCORE_LOCK_BIN" lock acquire "$name" "$scope" "--timeout=$timeout" "--owner=$owner") >/dev/null 2>&1 || rc=$?
    # 0 acquired, 1 held by someone else: ic decides. Anything else (failed,
    # killed, too slow): use mkdir.
    if ((rc < 2)); then return "$rc"; fi
  fi
  # Never let a name or scope lead out of the lock directory (ic refuses them too).
  for part in "$name" "$scope"; do
    case $part in
      '' | . | *..* | */* | *\\*) return 1 ;;
    esac
  done
  local base=/tmp/intercore/locks dir tries=0 now
  dir="$base/$name/$scope"
  # Level by level: each is made 0700 if missing, then refused if it is a
  # symlink or someone else's (another user could have planted it in /tmp).
  for part in /tmp/intercore "$base" "$base/$name"; do
    mkdir -m 700 "$part" 2>/dev/null || true
    if [[ -L $part || ! -d $part || ! -O $part ]]; then return 1; fi
  done
  # About 1 s whatever the timeout; stale locks are not broken here.
  while ((tries < 11)); do
    if mkdir -m 700 "$dir" 2>/dev/null; then
      now=$(date +%s) || now=0
      # Written aside and renamed, so a reader never sees half a file.
      if (umask 077 && printf '{"pid":%s,"host":"%s","owner":"%s","created":%s}\n' "$$" "$host" "$owner" "$now" >"$dir/.owner.json.tmp.$$") 2>/dev/null; then
        mv -f "$dir/.owner.json.tmp.$$" "$dir/owner.json" 2>/dev/null || true
      fi
      return 0
    fi
    tries=$((tries + 1))
    if ((tries < 11)); then sleep 0.1; fi
  done
  return 1
