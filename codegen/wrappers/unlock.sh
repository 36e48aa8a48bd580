  local host part
  if intercore_lock_available; then
    host=$(hostname -s 2>/dev/null) || host=""
    [[ -n $host ]] || host=unknown
    (_intercore_bounded "$INTERCORE_LOCK_BIN" lock release "$name" "$scope" "--owner=$$:$host") >/dev/null 2>&1 || true
    return 0
  fi
  for part in "$name" "$scope"; do
    case $part in
      '' | . | *..* | */* | *\\*) return 0 ;;
    esac
  done
  # No owner check without ic: the caller says it holds the lock.
  rm -f "/tmp/intercore/locks/$name/$scope/owner.json" 2>/dev/null || true
  rmdir "/tmp/intercore/locks/$name/$scope" 2>/dev/null || true
  return 0
