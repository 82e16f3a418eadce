#!/usr/bin/env bash
# Runs the operations tests: every function named test_* in the *_test.sh files here (or in the files
# given), each in a bash of its own with lib.sh. Prints a line per test; a failing test's output
# follows its line. Exits 1 if any test failed. A test that exits 77 is skipped, saying why.
# Needs the jars built (mvn -q -B package -DskipTests); mvn verify runs this after building them.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd -P)
src=$(cd "$here/../.." && pwd -P)

for jar in infiltrate/target/infiltrate.jar exfiltrate/target/exfiltrate.jar sonalyze/target/sonalyze.jar naicreport/target/naicreport.jar; do
  [ -f "$src/$jar" ] || { echo "run.sh: $src/$jar is missing: build with mvn -q -B package -DskipTests" >&2; exit 1; }
done
command -v curl >/dev/null || { echo "run.sh: the tests need curl: apt-get install curl" >&2; exit 1; }

if [ $# -eq 0 ]; then
  set -- "$here"/*_test.sh
fi
failed=0
passed=0
skipped=0
out=$(mktemp)
# The tests install from a copy of what they need, so that a build in the tree meanwhile (a clean, a
# jar half written) cannot disturb them.
snapshot=$(mktemp -d)
trap 'rm -rf "$out" "$snapshot"' EXIT
mkdir -p "$snapshot/infiltrate/target" "$snapshot/exfiltrate/target" "$snapshot/sonalyze/target" "$snapshot/naicreport/target"
cp -r "$src/bin" "$src/ops" "$snapshot/"
(cd "$src" && cp --parents README.md docs/*.md ./*/DESIGN.md "$snapshot/")
cp "$src/infiltrate/target/infiltrate.jar" "$snapshot/infiltrate/target/"
cp "$src/exfiltrate/target/exfiltrate.jar" "$snapshot/exfiltrate/target/"
cp "$src/sonalyze/target/sonalyze.jar" "$snapshot/sonalyze/target/"
cp "$src/naicreport/target/naicreport.jar" "$snapshot/naicreport/target/"
export SONAR_OPS_SOURCE=$snapshot
started=$SECONDS
for file in "$@"; do
  # shellcheck disable=SC2013 # function names, one word each
  for test in $(sed -n 's/^\(test_[a-z0-9_]*\)() {$/\1/p' "$file"); do
    began=$SECONDS
    status=0
    bash -c 'set -euo pipefail; . "$1"; . "$2"; "$3"' run "$here/lib.sh" "$file" "$test" >"$out" 2>&1 </dev/null ||
      status=$?
    took=$((SECONDS - began))
    name="$(basename "$file" .sh) $test"
    if [ $status -eq 0 ]; then
      printf 'ok    %-70s %3d s\n' "$name" "$took"
      passed=$((passed + 1))
    elif [ $status -eq 77 ]; then
      printf 'skip  %-70s %s\n' "$name" "$(tail -n 1 "$out")"
      skipped=$((skipped + 1))
    else
      printf 'FAIL  %-70s %3d s\n' "$name" "$took"
      sed 's/^/      /' "$out"
      failed=$((failed + 1))
    fi
  done
done
echo "operations tests: $passed passed, $failed failed, $skipped skipped in $((SECONDS - started)) s"
[ $failed -eq 0 ]
