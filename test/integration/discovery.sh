# test/integration/discovery.sh: the discovery family (v39) as hooks call it; sourced by test-integration.sh in a fresh project.
# shellcheck shell=bash

section "Discovery (v39)"
DISC_RE='^[a-z0-9]{12}$'
run ic discovery submit --source=arxiv --source-id=a1 --title=T1 --summary=S --url=http://x --score=0.7
like "discovery submit: prints the new discovery's id" 0 "$DISC_RE" '^$'
D1=$OUT
run ic discovery submit --source=arxiv --source-id=a1 --title=again
is "discovery submit: the same source and source id again is exit 1, one line" 1 "" "ic: discovery submit: duplicate discovery: source/source_id already exists: source=arxiv source_id=a1"
run ic discovery status "$D1"
is "discovery status: id, source, title, status, score, tier" 0 "$D1"$'\tarxiv\tT1\tnew\t0.70\tmedium' ""
run ic --json discovery status "$D1"
like "discovery status: --json is the whole record" 0 "^\\{\"confidence_tier\":\"medium\",\"discovered_at\":[0-9]+,\"id\":\"$D1\",\"raw_metadata\":\"\\{\\}\",\"relevance_score\":0.7,\"source\":\"arxiv\",\"source_id\":\"a1\",\"status\":\"new\",\"summary\":\"S\",\"title\":\"T1\",\"url\":\"http://x\"\\}$" '^$'
run ic discovery status nope
is "discovery status: an unknown id is exit 1, one line" 1 "" "ic: discovery status: discovery not found: nope"

run ic discovery score --score=0.9 "$D1"
is "discovery score: sets the score and prints the tier" 0 "scored $D1: 0.90 (high)" ""
run ic discovery status "$D1"
is "discovery score: the discovery is now scored, high" 0 "$D1"$'\tarxiv\tT1\tscored\t0.90\thigh' ""

run ic discovery feedback --signal=boost --actor=me "$D1"
is "discovery feedback: records the signal" 0 "feedback recorded: $D1 boost" ""
setup ic discovery feedback --signal=boost --idempotency-key=k1 "$D1"
run ic discovery feedback --signal=boost --idempotency-key=k1 "$D1"
is "discovery feedback: the same idempotency key and content again succeeds" 0 "feedback recorded: $D1 boost" ""
run ic discovery feedback --signal=penalize --idempotency-key=k1 "$D1"
is "discovery feedback: the same key with other content is exit 2" 2 "" 'ic: discovery feedback: idempotency key "k1" conflicts with existing signal'
run ic discovery feedback --signal=boost nope
like "discovery feedback: an unknown id is exit 1" 1 '^$' '^ic: discovery feedback: '

D2=$(ic discovery submit --source=rss --source-id=b1 --title=T2 --score=0.3)
run ic discovery promote --bead-id=iv-2 "$D2"
is "discovery promote: below the threshold is exit 1, naming --force" 1 "" "ic: discovery promote: gate blocked: confidence 0.30 below promotion threshold 0.50 (--force to promote anyway)"
run ic discovery promote --bead-id=iv-1 "$D1"
is "discovery promote: promotes to the bead" 0 "promoted $D1 → iv-1" ""
run ic discovery promote --bead-id=iv-1 "$D1"
is "discovery promote: already promoted stays so, exit 0" 0 "promoted $D1 → iv-1" ""
run ic discovery score --score=0.1 "$D1"
is "discovery score: a promoted discovery is exit 1" 1 "" 'ic: discovery score: invalid lifecycle transition: cannot score discovery in "promoted" status'
run ic discovery promote "$D2"
is "discovery promote: --bead-id missing is exit 3" 3 "" "ic: discovery promote: --bead-id is required"

run ic discovery dismiss "$D2"
is "discovery dismiss: dismisses it" 0 "dismissed $D2" ""
run ic discovery dismiss "$D2"
is "discovery dismiss: again is no change, exit 0" 0 "dismissed $D2" ""
run ic discovery promote --bead-id=iv-2 --force "$D2"
is "discovery promote: a dismissed discovery is never promoted, even --force (exit 1)" 1 "" "ic: discovery promote: invalid lifecycle transition: cannot promote dismissed discovery"

run ic discovery list
is "discovery list: most relevant first" 0 "$D1"$'\tarxiv\tT1\tpromoted\t0.90\thigh\n'"$D2"$'\trss\tT2\tdismissed\t0.30\tlow' ""
run ic discovery list --status=dismissed
is "discovery list: --status filters" 0 "$D2"$'\trss\tT2\tdismissed\t0.30\tlow' ""
run ic --json discovery list --tier=high
like "discovery list: --json, --tier filters" 0 "^\\[\\{\"confidence_tier\":\"high\",\"discovered_at\":[0-9]+,\"id\":\"$D1\",\"relevance_score\":0.9,\"source\":\"arxiv\",\"source_id\":\"a1\",\"status\":\"promoted\",\"summary\":\"S\",\"title\":\"T1\",\"url\":\"http://x\"\\}\\]$" '^$'

run ic discovery profile
is "discovery profile: an empty profile to start" 0 $'keyword_weights: {}\nsource_weights: {}\nupdated_at: 0' ""
run ic discovery profile update --keyword-weights='{"ai":1.5}' --source-weights='{"arxiv":2}'
is "discovery profile: update replaces both weights" 0 "profile updated" ""
run ic --json discovery profile
like "discovery profile: --json shows the update" 0 '^\{"id":1,"keyword_weights":"\{\\"ai\\":1.5\}","source_weights":"\{\\"arxiv\\":2\}","updated_at":[1-9][0-9]*\}$' '^$'

W1=$(ic discovery submit --source=web --source-id=w1 --title=W1 --score=0.8)
W2=$(ic discovery submit --source=web --source-id=w2 --title=W2 --score=0.6)
# Found 100 s ago (a fixture), so that --min-age=50 takes both without racing the clock.
setup sql "$DB" "UPDATE discoveries SET discovered_at = discovered_at - 100 WHERE source = 'web'"
run ic discovery decay --rate=0.5 --min-age=3600
is "discovery decay: nothing old enough, 0 decayed" 0 "0 decayed" ""
run ic discovery decay --rate=0.5 --min-age=50
is "discovery decay: halves the open discoveries' scores (not promoted or dismissed)" 0 "2 decayed" ""
run ic discovery list --source=web
is "discovery decay: the scores and tiers as decayed" 0 "$W1"$'\tweb\tW1\tnew\t0.40\tlow\n'"$W2"$'\tweb\tW2\tnew\t0.30\tlow' ""
run ic discovery rollback --source=web --since=0
is "discovery rollback: dismisses the source's open discoveries, prints how many" 0 "2" ""
run ic discovery rollback --source=web --since=0
is "discovery rollback: again there are none" 0 "0" ""
run ic discovery list --source=web --status=new
is "discovery rollback: none of the source is open" 0 "" ""
run ic discovery rollback --source=web
is "discovery rollback: --since missing is exit 3" 3 "" "ic: discovery rollback: --since is required"

printf '\x00\x00\x80\x3f\x00\x00\x00\x00' >e1.bin
printf '\x00\x00\x00\x00\x00\x00\x80\x3f' >e2.bin
X1=$(ic discovery submit --source=emb --source-id=x1 --title=X1 --embedding=@e1.bin)
X2=$(ic discovery submit --source=emb --source-id=x2 --title=X2 --embedding=@e2.bin)
run ic discovery submit --source=emb --source-id=x3 --title=X3 --embedding=@e1.bin --dedup-threshold=0.9
is "discovery submit: --dedup-threshold returns the similar discovery, records nothing" 0 "$X1" ""
run ic discovery search --embedding=@e1.bin
is "discovery search: most similar first, with the similarity" 0 "$X1"$'\temb\tX1\t0.00\t1.0000\tdiscard\n'"$X2"$'\temb\tX2\t0.00\t0.0000\tdiscard' ""
run ic discovery search --embedding=@e1.bin --min-score=0.99
is "discovery search: --min-score drops the dissimilar" 0 "$X1"$'\temb\tX1\t0.00\t1.0000\tdiscard' ""
run ic --json discovery search --embedding=@e2.bin --limit=1
like "discovery search: --json, --limit" 0 "^\\[\\{\"confidence_tier\":\"discard\",\"discovered_at\":[0-9]+,\"id\":\"$X2\",\"relevance_score\":0,\"similarity\":1,\"source\":\"emb\",\"source_id\":\"x2\",\"status\":\"new\",\"title\":\"X2\"\\}\\]$" '^$'
run ic discovery search --embedding=@nope.bin
is "discovery search: an unreadable embedding file is exit 2, one line" 2 "" "ic: discovery search: --embedding: cannot read nope.bin: no such file"
