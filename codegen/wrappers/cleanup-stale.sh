  local _intercore_out
  if _intercore_ic sentinel prune --older-than=1h; then return 0; fi
  find /tmp -maxdepth 1 -type f \( -name 'clavain-stop-*' -o -name 'clavain-compound-last-*' \
    -o -name 'clavain-drift-last-*' -o -name 'clavain-catalog-remind-*.lock' \) -mmin +60 -delete 2>/dev/null || true
