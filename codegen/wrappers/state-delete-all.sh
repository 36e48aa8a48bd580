  local _intercore_out
  # One call that matches the key in SQL: any scope_id, newlines and tabs too.
  if _intercore_ic state clear "$key"; then return 0; fi
  _intercore_rm_glob "$legacy_glob"
