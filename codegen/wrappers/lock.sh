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
  # Never let a name or scope lead out of the lock directory, nor hold a
  # control character (a newline would break `ic lock list`); ic refuses them too.
  for part in "$name" "$scope"; do
    case $part in
      '' | . | *..* | */* | *\\* | *[[:cntrl:]]*) return 1 ;;
    esac
  done
  # Each user's own base, as ic's: /tmp is shared, and a base another user made first is not ours.
  local top=/tmp/intercore-$EUID
  local base=$top/locks dir tries=0 now mtime text born pid taken
  dir="$base/$name/$scope"
  # Level by level: each is made 0700 if missing, then refused if it is a
  # symlink or someone else's (another user could have planted it in /tmp).
  for part in "$top" "$base" "$base/$name"; do
    mkdir -m 700 "$part" 2>/dev/null || true
    if [[ -L $part || ! -d $part || ! -O $part ]]; then return 1; fi
  done
  # About 1 s whatever the timeout.
  while ((tries < 11)); do
    now=$(date +%s) || now=0
    if mkdir -m 700 "$dir" 2>/dev/null; then
      # Written aside and renamed, so a reader never sees half a file.
      if (umask 077 && printf '{"pid":%s,"host":"%s","owner":"%s","created":%s}\n' "$$" "$host" "$owner" "$now" >"$dir/.owner.json.tmp.$$") 2>/dev/null; then
        mv -f "$dir/.owner.json.tmp.$$" "$dir/owner.json" 2>/dev/null || true
      fi
      return 0
    fi
    # Break what ic breaks: a lock made 5 s ago or more (the earlier of its
    # created and its directory's time), one whose times lie ahead and whose
    # process is gone, or a ghost (no owner.json: its writer was killed)
    # whose directory time is 5 s away. Taken by renaming owner.json (one
    # breaker wins), and only if it still is the file judged.
    mtime=$(stat -c %Y -- "$dir" 2>/dev/null || stat -f %m -- "$dir" 2>/dev/null) || mtime=""
    if [[ $mtime =~ ^[0-9]+$ && -d $dir && ! -L $dir ]] && ((now > 0)); then
      text=""
      if [[ -f $dir/owner.json && ! -L $dir/owner.json ]]; then text=$(cat -- "$dir/owner.json" 2>/dev/null) || text=""; fi
      if [[ $text =~ \"created\":(-?[0-9]+) ]]; then
        born=${BASH_REMATCH[1]}
        ((mtime < born)) && born=$mtime
        pid=0
        [[ $text =~ \"pid\":([0-9]+) ]] && pid=${BASH_REMATCH[1]}
        if ((now - born >= 5)) || { ((born - now > 1)) && ! { ((pid > 0)) && kill -0 "$pid" 2>/dev/null; }; }; then
          taken="$dir/owner.json.breaking.$$.$RANDOM"
          if mv -- "$dir/owner.json" "$taken" 2>/dev/null; then
            if [[ $(cat -- "$taken" 2>/dev/null) == "$text" ]]; then
              rm -f -- "$taken" "$dir"/.owner.json.tmp.* 2>/dev/null || true
              rmdir -- "$dir" 2>/dev/null || true
              continue
            fi
            mv -- "$taken" "$dir/owner.json" 2>/dev/null || true
          fi
        fi
      elif [[ ! -e $dir/owner.json ]] && ((now - mtime >= 5 || mtime - now >= 5)); then
        rm -f -- "$dir"/.owner.json.tmp.* "$dir"/owner.json.breaking.* 2>/dev/null || true
        rmdir -- "$dir" 2>/dev/null && continue
      fi
    fi
    tries=$((tries + 1))
    if ((tries < 11)); then sleep 0.1; fi
  done
  return 1
