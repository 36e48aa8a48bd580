  # A path the caller set is trusted as is; one found on PATH (by this
  # function or a wrapper) must pass ic health once.
  if [[ -n ${INTERCORE_BIN:-} ]]; then
    if [[ $INTERCORE_BIN != "${_intercore_found:-}" || $INTERCORE_BIN == "${_intercore_healthy:-}" ]]; then return 0; fi
  fi
  _intercore_find || return 1
  local hinted=${_intercore_hinted:-} _intercore_out
  if _intercore_ic health; then
    _intercore_healthy=$INTERCORE_BIN
    return 0
  fi
  # The wrappers print the hint once per shell; this function whenever
  # health fails, as before (the call above printed it if it was the first).
  if [[ -n $hinted || -z ${_intercore_hinted:-} ]]; then _intercore_hint; fi
  INTERCORE_BIN=""
  _intercore_found=""
  return 1
