#!/usr/bin/env bash
# scripts/test-pack.sh: the package as a user gets it. Packs the checkout
# (npm pack, which runs prepack: the build and its code cache), checks that
# the tarball holds exactly what runs, installs it globally into a temp
# prefix the way the README says (better-sqlite3 compiles from source here,
# about a minute), then runs the installed ic in a temp project and sources
# the installed lib-intercore.sh from a hook-like shell.
#
# Prints `PASS: <name>` / `FAIL: <name>` per check and a last line
# `N passed, N failed`; exits 1 if any check failed.
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
WORK=$(mktemp -d "${TMPDIR:-/tmp}/ic-pack.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
VERSION=$(node -p 'require(process.argv[1]).version' "$ROOT/package.json")

passed=0
failed=0
pass() {
  echo "PASS: $1"
  passed=$((passed + 1))
}
fail() {
  echo "FAIL: $1"
  failed=$((failed + 1))
}
# check NAME COMMAND...: passes when the command succeeds.
check() {
  local name=$1
  shift
  if "$@"; then pass "$name"; else fail "$name"; fi
}
# expect NAME WANT GOT: passes when the two strings are equal.
expect() {
  if [[ $2 == "$3" ]]; then pass "$1"; else
    fail "$1"
    printf '  want: %q\n  got:  %q\n' "$2" "$3"
  fi
}
finish() {
  echo
  echo "$passed passed, $failed failed"
  [[ $failed -eq 0 ]]
}

# --- pack ------------------------------------------------------------------------
if ! (cd "$ROOT" && npm pack --silent --pack-destination "$WORK" >"$WORK/pack.log" 2>&1); then
  fail "pack: npm pack"
  sed 's/^/  /' "$WORK/pack.log" | tail -20
  finish
  exit 1
fi
TGZ="$WORK/intercore-$VERSION.tgz"
check "pack: the tarball is intercore-$VERSION.tgz" test -f "$TGZ"

# Exactly what runs: the launcher, the bundle and its code cache, the wrappers,
# the man page and the documents; nothing of the sources, tests or generator.
listing=$(tar -tzf "$TGZ" | sed 's|^package/||' | sed -E 's|^dist/ic\.cjs\.[0-9a-f]+\.cache$|dist/ic.cjs.<build>.cache|' | LC_ALL=C sort | tr '\n' ' ')
expect "pack: the tarball holds exactly what runs" \
  "AGENTS.md LICENSE README.md bin/ic dist/ic.cjs dist/ic.cjs.<build>.cache lib-intercore.sh man/ic.1 package.json " "$listing"
manifest=$(tar -xzOf "$TGZ" package/package.json)
deps=$(node -e 'const p=JSON.parse(process.argv[1]); console.log(Object.keys(p.dependencies||{}).join(" "))' "$manifest")
expect "pack: the only runtime dependency is better-sqlite3" "better-sqlite3" "$deps"

# --- install -----------------------------------------------------------------------
PREFIX="$WORK/prefix"
if (cd "$WORK" && npm install -g --prefix "$PREFIX" --allow-scripts=better-sqlite3 --no-audit --no-fund "$TGZ" >"$WORK/install.log" 2>&1); then
  pass "install: npm install -g --allow-scripts=better-sqlite3 <tarball>"
else
  fail "install: npm install -g --allow-scripts=better-sqlite3 <tarball>"
  sed 's/^/  /' "$WORK/install.log" | tail -20
  finish
  exit 1
fi
IC="$PREFIX/bin/ic"
LIB="$PREFIX/lib/node_modules/intercore/lib-intercore.sh"
check "install: ic is on the prefix's bin" test -x "$IC"
check "install: the man page is linked" test -e "$PREFIX/share/man/man1/ic.1"
check "install: the code cache is found after install (file times reset)" \
  node -e 'const {load}=require(process.argv[1]); process.exit(load().script.cachedDataRejected === false ? 0 : 1)' \
  "$PREFIX/lib/node_modules/intercore/bin/ic"

# --- run ---------------------------------------------------------------------------
PROJECT="$WORK/project"
mkdir -p "$PROJECT"
cd "$PROJECT"
expect "run: ic --version" "$VERSION" "$("$IC" --version)"
out=$("$IC" init)
check "run: ic init creates the database" test -f .clavain/intercore.db
check "run: ic init says so" test "${out%% (schema v*}" = "initialized .clavain/intercore.db"
set +e
"$IC" sentinel check a b --interval=0 >"$WORK/first" 2>&1
first=$?
"$IC" sentinel check a b --interval=0 >"$WORK/second" 2>&1
second=$?
set -e
expect "run: sentinel check fires once (exit 0, then 1)" "0 1" "$first $second"
set +e
typo=$("$IC" statte 2>&1)
typo_code=$?
set -e
expect "run: a typo is answered from the bundle (did you mean), exit 3" \
  "3 ic: statte: unknown command (did you mean state?) (see: ic --help)" "$typo_code $typo"
check "run: the bundle needs no clipanion or fastest-levenshtein installed" \
  test ! -e "$PREFIX/lib/node_modules/intercore/node_modules/clipanion" -a ! -e "$PREFIX/lib/node_modules/intercore/node_modules/fastest-levenshtein"
hook=$(PATH="$PREFIX/bin:$PATH" bash -c 'set -euo pipefail; source "$1"; if intercore_sentinel_check once s2 0; then echo allowed; fi; if intercore_sentinel_check once s2 0; then echo again; else echo throttled; fi' hook "$LIB" 2>&1)
expect "run: the installed lib-intercore.sh, sourced by a hook, calls the installed ic" "allowed throttled" "${hook//$'\n'/ }"

# A local install (npm install intercore in a project) hoists better-sqlite3
# beside intercore instead of inside it; ic must find the addon there too.
HOISTED="$WORK/hoisted/node_modules"
mkdir -p "$HOISTED" "$WORK/hoisted/project"
cp -R "$PREFIX/lib/node_modules/intercore" "$HOISTED/intercore"
mv "$HOISTED/intercore/node_modules/"* "$HOISTED/"
rm -rf "$HOISTED/intercore/node_modules"
cd "$WORK/hoisted/project"
"$HOISTED/intercore/bin/ic" init >/dev/null 2>"$WORK/hoisted.err" || true
check "run: with better-sqlite3 hoisted beside the package, ic init works" test -f .clavain/intercore.db
expect "run: with better-sqlite3 hoisted, nothing on stderr" "" "$(cat "$WORK/hoisted.err")"

finish
