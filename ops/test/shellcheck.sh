#!/usr/bin/env bash
# Runs shellcheck over every shell script of ops/, bin/ and bench/ (files named *.sh, and files whose
# first line names bash or sh), following what they source; prints shellcheck's findings and exits 1
# when it has any. Where shellcheck is missing it says so and checks nothing. mvn verify runs this.
set -euo pipefail
src=$(cd "$(dirname "$0")/../.." && pwd -P)

if ! command -v shellcheck >/dev/null; then
  echo "shellcheck.sh: shellcheck is not installed, so the shell scripts are not checked (apt-get install shellcheck)"
  exit 0
fi
scripts=()
while IFS= read -r -d '' file; do
  if [[ $file == *.sh ]] || head -n 1 "$file" | grep -qE '^#!.*[/ ](ba)?sh( |$)'; then
    scripts+=("$file")
  fi
done < <(find "$src/ops" "$src/bin" "$src/bench" -path '*/target' -prune -o -type f -print0 | sort -z)
# The cluster scripts source analysis-lib.sh from the directory above theirs.
if shellcheck -x -P SCRIPTDIR -P SCRIPTDIR/.. "${scripts[@]}"; then
  echo "shellcheck.sh: ${#scripts[@]} scripts, no findings"
else
  echo "shellcheck.sh: shellcheck found the problems above" >&2
  exit 1
fi
