  # The one function that may end the caller: throttled means "this hook has
  # nothing to do", so the hook exits successfully.
  intercore_sentinel_check_or_legacy "$name" "$scope_id" "$interval" "$legacy_path" || exit 0
