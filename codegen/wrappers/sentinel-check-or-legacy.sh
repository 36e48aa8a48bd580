  local rc=0 _intercore_out
  _intercore_ic sentinel check "$name" "$scope_id" "--interval=$interval" || rc=$?
  # 0 allowed, 1 throttled: ic decides. Anything else: ic is unavailable; use the legacy file.
  if ((rc < 2)); then return "$rc"; fi
  _intercore_legacy_claim "$legacy_file" "$interval"
