  local rc=0 line
  _intercore_ic events cursor list || rc=$?
  if ((rc != 0)); then
    # ic unavailable: an empty line, as the original printed.
    echo
    return 0
  fi
  # An exact match on the name (a tab ends it): no pattern, no GNU-only tool.
  while IFS= read -r line; do
    if [[ ${line%%$'\t'*} == "$name" && $line == *$'\t'* ]]; then
      printf '%s\n' "${line#*$'\t'}"
      return 0
    fi
  done <<<"$_intercore_out"
  return 0
