  local _intercore_out
  if _intercore_ic sentinel reset "$name" "$scope_id"; then return 0; fi
  _intercore_rm_glob "$legacy_glob"
