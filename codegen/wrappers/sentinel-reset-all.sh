  local _intercore_out
  # One call that matches the name in SQL: any scope_id, newlines and tabs too.
  if _intercore_ic sentinel clear "$name"; then return 0; fi
  _intercore_rm_glob "$legacy_glob"
