#!/usr/bin/env bash
# scripts/test-pack.sh: the package as a user gets it. Packs the checkout
# (npm pack, which runs prepack: the build and its code cache), checks that
# the tarball holds exactly what runs, installs it globally into a temp
# prefix the way the README says (better-sqlite3 compiles from source here,
# about a minute), then runs the installed ic in a temp project and sources
# the installed lib-intercore.sh from a hook-like shell. better-sqlite3's
# install finds its addon as a prebuilt (the one this checkout compiled,
# offered where prebuild-install looks for local prebuilds) instead of
# compiling SQLite again: the same install path a user with a prebuilt
# download takes, two minutes of CPU shorter.
#
# Prints `PASS: <name>` / `FAIL: <name>` per check and a last line
# `N passed, N failed`; exits 1 if any check failed.
# Code in single quotes (node -p, sh -c) expands in its own interpreter.
# shellcheck disable=SC2016
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
# Reproducible: packing again (prepack builds again, code caches included)
# gives the same bytes.
mkdir -p "$WORK/again"
(cd "$ROOT" && npm pack --silent --pack-destination "$WORK/again" >/dev/null 2>&1) || true
expect "pack: packing twice gives the same bytes" \
  "$(sha256sum <"$TGZ" | cut -d' ' -f1)" "$(sha256sum <"$WORK/again/intercore-$VERSION.tgz" 2>/dev/null | cut -d' ' -f1)"

# Exactly what runs: the launcher, the core and the chunks (dist/, as the
# build that prepack ran wrote it: each file with its code cache), the
# wrappers, the man page and the documents; nothing of the sources, tests or
# generator.
files=$(tar -tzf "$TGZ" | sed 's|^package/||' | LC_ALL=C sort)
expect "pack: the tarball holds exactly what runs" \
  "AGENTS.md LICENSE README.md bin/ic lib-intercore.sh man/ic.1 package.json " "$(grep -v '^dist/' <<<"$files" | tr '\n' ' ')"
expect "pack: dist/ is the build's, file for file" \
  "$(cd "$ROOT" && find dist -type f | LC_ALL=C sort | tr '\n' ' ')" "$(grep '^dist/' <<<"$files" | tr '\n' ' ')"
uncached=$(grep -E '^dist/.*\.cjs$' <<<"$files" | while read -r f; do
  grep -qxE "${f//./\\.}\.[0-9a-f]{16}\.cache" <<<"$files" || echo "$f"
done)
expect "pack: every file of dist/ has its code cache" "" "$uncached"
expect "pack: one chunk a command" "$(grep -c "path: '" "$ROOT/generated/cli.ts")" "$(grep -cE '^dist/commands/.*\.cjs$' <<<"$files")"
manifest=$(tar -xzOf "$TGZ" package/package.json)
deps=$(node -e 'const p=JSON.parse(process.argv[1]); console.log(Object.keys(p.dependencies||{}).join(" "))' "$manifest")
expect "pack: the only runtime dependency is better-sqlite3" "better-sqlite3" "$deps"

# --- install -----------------------------------------------------------------------
PREFIX="$WORK/prefix"
SQLITE_PKG="$ROOT/node_modules/better-sqlite3"
prebuilt=$(node -p '
  const p = require(process.argv[1] + "/package.json");
  `${p.name}-v${p.version}-node-v${process.versions.modules}-${process.platform}-${process.arch}.tar.gz`' "$SQLITE_PKG")
mkdir -p "$WORK/prebuilds"
tar -czf "$WORK/prebuilds/$prebuilt" -C "$SQLITE_PKG" build/Release/better_sqlite3.node
export npm_config_better_sqlite3_local_prebuilds="$WORK/prebuilds"
if (cd "$WORK" && npm install -g --prefix "$PREFIX" --allow-scripts=better-sqlite3 --no-audit --no-fund "$TGZ" >"$WORK/install.log" 2>&1); then
  pass "install: npm install -g --allow-scripts=better-sqlite3 <tarball>"
else
  fail "install: npm install -g --allow-scripts=better-sqlite3 <tarball>"
  sed 's/^/  /' "$WORK/install.log" | tail -20
  finish
  exit 1
fi
# ic's own manifest has no install-time script (the checkout's build runs as
# its `dependencies` script), so npm has nothing to warn about.
expect "install: no warning about intercore's scripts" "" "$(grep -i 'warn.*intercore' "$WORK/install.log" || true)"
IC="$PREFIX/bin/ic"
LIB="$PREFIX/lib/node_modules/intercore/lib-intercore.sh"
check "install: ic is on the prefix's bin" test -x "$IC"
check "install: the man page is linked" test -e "$PREFIX/share/man/man1/ic.1"
INSTALLED="$PREFIX/lib/node_modules/intercore"
# A compile leaves node-gyp's Makefile beside the addon; a prebuilt does not.
check "install: better-sqlite3 took the prebuilt addon (nothing compiled)" \
  test -f "$INSTALLED/node_modules/better-sqlite3/build/Release/better_sqlite3.node" -a ! -e "$INSTALLED/node_modules/better-sqlite3/build/Makefile"
# Every file of the installed dist/, the core and each chunk, is compiled
# from its own code cache (file times were reset by pack and install; the
# build id names the cache).
check "install: every code cache is found and accepted after install" \
  node -e '
    const { load } = require(process.argv[1] + "/bin/ic");
    const fs = require("fs"), path = require("path");
    const dist = path.join(process.argv[1], "dist");
    const walk = (d) => fs.readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : [path.join(d, e.name)]));
    const ic = load();
    for (const f of walk(dist)) if (f.endsWith(".cjs") && f !== path.join(dist, "ic.cjs")) ic.loadChunk(path.relative(dist, f).slice(0, -4));
    const bad = ic.scripts.filter((s) => !s.cache || !fs.existsSync(s.cache) || s.script.cachedDataRejected !== false || !s.file.startsWith(dist + "/"));
    if (bad.length || ic.scripts.length < 10) { console.error(bad.map((s) => s.file).join(" ")); process.exit(1); }
  ' "$INSTALLED"

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

# The installed copy stands on its own: with the checkout that packed it
# hidden (an empty directory mounted over it, in a mount namespace of its
# own), it runs, and what it opens (strace) is its own core, chunk, code
# caches and SQLite addon, nothing of the checkout.
if command -v unshare >/dev/null && unshare -m --propagation private true 2>/dev/null; then
  mkdir -p "$WORK/empty" "$WORK/hidden"
  hidden() {
    (cd "$WORK/hidden" && unshare -m --propagation private sh -c 'mount --bind "$1" "$2" && shift 2 && exec "$@"' sh "$WORK/empty" "$ROOT" "$@")
  }
  check "install: with the checkout hidden, the checkout is really hidden" test -z "$(hidden ls -A "$ROOT")"
  hidden "$IC" init >/dev/null 2>&1 || true
  set +e
  out=$(hidden "$IC" state set k s <<<'{"a":1}' 2>&1 && hidden "$IC" state get k s 2>&1)
  set -e
  expect "install: with the checkout hidden, ic init, state set and state get work" '{"a":1}' "$out"
  if command -v strace >/dev/null; then
    hidden strace -f -qq -e trace=openat -e signal=none -o "$WORK/strace" "$IC" state get k s >/dev/null 2>&1 || true
    opened=$(grep -v ENOENT "$WORK/strace" | grep -oE '"[^"]*\.(node|cjs|cache)"' | tr -d '"' | LC_ALL=C sort -u)
    expect "install: state get opens the installed core, its chunk and their caches" \
      "$(printf '%s\n' "$INSTALLED/dist/commands/state/get.cjs" "$INSTALLED/dist/commands/state/get.cjs."*.cache "$INSTALLED/dist/ic.cjs" "$INSTALLED/dist/ic.cjs."*.cache | LC_ALL=C sort)" \
      "$(grep -E '/dist/.*\.(cjs|cache)$' <<<"$opened")"
    expect "install: state get loads the installed SQLite addon" \
      "$INSTALLED/node_modules/better-sqlite3/build/Release/better_sqlite3.node" "$(grep -E '\.node$' <<<"$opened")"
    expect "install: state get opens nothing of the checkout" "" "$(grep -F "$ROOT" "$WORK/strace" || true)"
  fi
else
  echo "SKIP: the checkout cannot be hidden here (no unshare -m): the installed copy is not checked on its own"
fi

# A missing addon is one line naming the cure, exit 2.
BROKEN="$WORK/broken"
cp -R "$INSTALLED" "$BROKEN"
rm -rf "$BROKEN/node_modules/better-sqlite3"
set +e
broken=$(cd "$PROJECT" && node "$BROKEN/bin/ic" state get k s 2>&1)
broken_code=$?
set -e
check "run: without the SQLite addon: exit 2, one line, ic: cannot start: ... reinstall" \
  test "$broken_code" = 2 -a "$(wc -l <<<"$broken")" = 1 -a -n "$(grep -E '^ic: cannot start: .*reinstall' <<<"$broken")"

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
