  # Lock commands need no database: the binary existing is enough (no health check).
  if [[ -n ${INTERCORE_LOCK_BIN:-} ]]; then return 0; fi
  local bin
  bin=$(type -P ic 2>/dev/null || type -P intercore 2>/dev/null) || bin=""
  if [[ -z $bin ]]; then return 1; fi
  INTERCORE_LOCK_BIN=$bin
  return 0
