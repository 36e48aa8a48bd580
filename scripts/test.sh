#!/usr/bin/env bash
# npm test: every check the project has, then one plain summary line.
#   gen:check  the committed generated files are what the spec gives
#   lint       the formatter's check (prettier) and tsc over the whole tree
#   build      the bundle ./bin/ic runs
#   vitest     unit and behaviour tests
#   test-integration.sh   the built ic driven as a hook drives it
#   scripts/test-pack.sh  the packed tarball installed globally, then run
set -uo pipefail
cd "$(dirname "$0")/.." || exit 2

passed=0
failed=0
summary=() # what failed, repeated just above the last line
timings=() # how long each stage took, printed above the summary
took() { timings+=("$1 $((SECONDS - $2)) s"); }
step() {
  local name=$1 start=$SECONDS
  shift
  echo "== $name"
  if "$@"; then passed=$((passed + 1)); else echo "FAIL: $name"; summary+=("FAIL: $name"); failed=$((failed + 1)); fi
  took "$name" "$start"
}

step gen:check npm run -s gen:check
# npm install regenerates; in CI the result must equal what was committed.
if [[ ${CI:-} == true ]] && git rev-parse --git-dir >/dev/null 2>&1; then
  step generated-committed git diff --exit-code --stat -- generated lib-intercore.sh AGENTS.md
fi
step lint npm run -s lint
step build npm run -s build

report=$(mktemp)
vitest_start=$SECONDS
# Without NODE_EXTRA_CA_CERTS: the tests start `node bin/ic` thousands of
# times, past the #! line that spares ic the bundle (bin/ic), and Node would
# parse it at each start (~90 ms); nothing here makes a TLS connection. The
# tests of that line set it themselves.
env -u NODE_EXTRA_CA_CERTS npx vitest run --reporter=default --reporter=json --outputFile="$report"
vitest_rc=$?
took vitest "$vitest_start"
read -r vp vf < <(node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  console.log(r.numPassedTests, r.numFailedTests + (r.numRuntimeErrorTestSuites || 0) + (r.success ? 0 : (r.numFailedTests ? 0 : 1)));
' "$report" 2>/dev/null || echo "0 1")
# The names of what failed, kept for the end: a log cut to its tail must
# still say which test it was.
# shellcheck disable=SC2016 # the template literals are node's
failures=$(node -e '
  const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  const rel = (f) => require("path").relative(process.cwd(), f);
  for (const file of r.testResults || []) {
    const failed = (file.assertionResults || []).filter((t) => t.status === "failed");
    for (const t of failed) console.log(`FAIL: ${rel(file.name)} > ${t.fullName}`);
    if (!failed.length && file.status === "failed") console.log(`FAIL: ${rel(file.name)} (the file did not run: ${String(file.message || "").split("\n")[0]})`);
  }
' "$report" 2>/dev/null || true)
rm -f "$report"
# A worker that dies (or an unhandled error) fails vitest without failing a
# test: the report alone would count nothing for the file that never ran.
if [[ $vitest_rc -ne 0 && $vf -eq 0 ]]; then
  echo "FAIL: vitest exited $vitest_rc (a worker died or an error was unhandled: see above)"
  summary+=("FAIL: vitest exited $vitest_rc (a worker died or an error was unhandled)")
  vf=1
fi
passed=$((passed + vp))
failed=$((failed + vf))
[[ -n $failures ]] && summary+=("$failures")

# The integration stage: the built ic as a hook drives it, then the package
# as a user installs it (npm pack, npm install -g into a temp prefix).
for script in test-integration.sh scripts/test-pack.sh; do
  [[ -f $script ]] || continue
  echo "== $script"
  script_start=$SECONDS
  out=$(mktemp)
  bash "$script" | tee "$out"
  rc=${PIPESTATUS[0]}
  ip=$(grep -c '^PASS:' "$out" || true)
  if_=$(grep -c '^FAIL:' "$out" || true)
  if [[ $rc -ne 0 && $if_ -eq 0 ]]; then if_=1; summary+=("FAIL: $script exited $rc"); fi
  [[ $(grep -c '^FAIL:' "$out") -gt 0 ]] && summary+=("$(grep '^FAIL:' "$out" | sed "s|^FAIL: |FAIL: $script: |")")
  passed=$((passed + ip))
  failed=$((failed + if_))
  rm -f "$out"
  took "$script" "$script_start"
done

echo
printf -v time_line '%s, ' "${timings[@]}"
echo "time: ${time_line%, }"
if [[ ${#summary[@]} -gt 0 ]]; then printf '%s\n' "${summary[@]}"; echo; fi
echo "$passed passed, $failed failed"
[[ $failed -eq 0 ]]
