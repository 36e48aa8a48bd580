# test/integration/receipt.sh: the v39 receipt family (keygen, emit, find, verify; exit 5 for errors) with a keystore under the project.
# shellcheck shell=bash disable=SC2016
section "Receipts (v39)"
run ic receipt keygen --agent=claude://a1 --epoch=2026-q1 --keys=keys
is "receipt keygen: provisions the agent's key" 0 "provisioned signing key: claude://a1#2026-q1"
check "receipt keygen: the key file is 32 bytes, 0600, in a 0700 directory" \
  test "$(stat -c '%s %a' keys/claude_a1/2026-q1.key) $(stat -c %a keys/claude_a1)" = "32 600 700"
run ic receipt keygen --agent=claude://a1 --epoch=2026-q1 --keys=keys
like "receipt keygen: an existing key is kept, exit 5" 5 '^$' '^ic: receipt keygen: key already exists for claude://a1#2026-q1 \(rotate to a new epoch, or pass --force\)'
run ic receipt emit --agent=claude://a1 --model=opus --content=hello --parent-run=r1 --keys=keys --epoch=2026-q1
like "receipt emit: signs and stores a receipt, prints its id" 0 '^rcpt_[0-9A-Z]{26}$' '^$'
RID=$OUT
run ic receipt emit --agent=claude://a1 --keys=keys
is "receipt emit: a missing --model is exit 5" 5 "" "ic: receipt emit: --agent=<id> and --model=<m> are required"
HASH=$(printf hello | sha256sum | cut -c1-64)
run ic receipt find --agent=claude://a1 --parent-run=r1 --content-hash="$HASH"
is "receipt find: the receipt of exactly that action" 0 "$RID" ""
run ic receipt find --agent=claude://a1 --parent-run=r2 --content-hash="$HASH"
is "receipt find: none for another run, exit 1" 1 "" "ic: receipt find: no receipt of that action (agent claude://a1, parent run r2)"
run ic receipt verify "$RID" --keys=keys
is "receipt verify: a valid receipt" 0 "receipt $RID — VALID (agent claude://a1)" ""
run ic receipt verify "$RID" --keys=other-keys
is "receipt verify: a key not in the keystore is exit 4" 4 "receipt $RID — UNKNOWN KEY (agent claude://a1) — signing key not in keystore; verification not possible"
run ic receipt verify rcpt_nope --keys=keys
is "receipt verify: an unknown receipt is exit 1" 1 "receipt rcpt_nope — NOT FOUND"
run ic receipt verify --since=1d --keys=keys
like "receipt verify: --since prints a verdict line each, the count on stderr" 0 "^\\{\"agent_id\":\"claude://a1\",\"exit\":0,\"receipt_id\":\"$RID\",\"timestamp\":\"[^\"]+\",\"verdict\":\"valid\"\\}$" '^verified 1 receipt\(s\) since .* — 0 failed$'
