  if intercore_lock_available; then
    (_intercore_bounded "$INTERCORE_LOCK_BIN" lock clean "--older-than=$max_age") >/dev/null 2>&1 || true
    return 0
  fi
  local top=/tmp/intercore-$EUID
  local base=$top/locks seconds=0 now dir mtime
  # Only <n>s, <n>m and <n>h; anything else, or 0, means 5 s.
  if [[ $max_age =~ ^([0-9]+)([smh])$ ]]; then
    seconds=$((10#${BASH_REMATCH[1]}))
    case ${BASH_REMATCH[2]} in
      m) seconds=$((seconds * 60)) ;;
      h) seconds=$((seconds * 3600)) ;;
    esac
  fi
  ((seconds > 0)) || seconds=5
  # Nothing to clean, or nothing of ours to trust.
  if [[ -L $top || -L $base || ! -d $base || ! -O $base ]]; then return 0; fi
  now=$(date +%s) || return 0
  # Lock directories are exactly two levels down; -print0 keeps any name intact.
  while IFS= read -r -d '' dir; do
    mtime=$(stat -c %Y -- "$dir" 2>/dev/null || stat -f %m -- "$dir" 2>/dev/null) || mtime=""
    [[ $mtime =~ ^[0-9]+$ ]] || continue
    # Not modified within max_age, or modified as far ahead (a clock stepped back since).
    if ((now - mtime > seconds || mtime - now > seconds)); then
      rm -f -- "$dir/owner.json" "$dir"/.owner.json.tmp.* "$dir"/owner.json.breaking.* 2>/dev/null || true
      rmdir -- "$dir" 2>/dev/null || true
    fi
  done < <(find "$base" -mindepth 2 -maxdepth 2 -type d -print0 2>/dev/null || true)
  return 0
