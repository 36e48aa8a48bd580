  local rc=0 _intercore_out
  # Ids that are not whole numbers would make the payload invalid JSON.
  [[ $phase_id =~ ^[0-9]+$ && $dispatch_id =~ ^[0-9]+$ ]] || return 2
  local _intercore_input="{\"phase\":$phase_id,\"dispatch\":$dispatch_id}"
  _intercore_ic state set cursor "$name" --ttl=24h || rc=$?
  # 0 saved, 3 a bad name; anything else means ic is unavailable: fail safe.
  if ((rc == 3)); then return 3; fi
  return 0
