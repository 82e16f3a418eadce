#!/usr/bin/env bash
# What the five-minute report run of one cluster costs the server (webload-5m.sh's three naicreport
# commands: load per sample with downtime, at-a-glance, hostnames) over a generated day of data of
# HOSTS hosts, RUNS times each way: with sonalyze in naicreport's JVM (the default), and with
# -sonalyze naming the sonalyze program, started per command as the reference does. Prints the wall
# time, CPU time (user+sys) and peak RSS of each way's runs, then the medians.
#
#   bench/naicreport.sh
#   HOSTS=200 RUNS=10 bench/naicreport.sh
#
# Needs GNU time (apt-get install time) and the build with its test classes (mvn verify, or
# mvn -q -B package -DskipTests).
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-5}
HOSTS=${HOSTS:-50}
[ -x /usr/bin/time ] || { echo "bench/naicreport.sh: needs GNU time (apt-get install time)" >&2; exit 1; }
if [ ! -f naicreport/target/naicreport.jar ] || [ ! -f sonalyze/target/sonalyze.jar ]; then
  mvn -q -B package -DskipTests
fi
[ -f testkit/target/classes/sonar/testkit/TreeGenerator.class ] || mvn -q -B -pl testkit package -DskipTests

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# Yesterday and today (UTC): the window of -from 1d.
java -cp testkit/target/classes sonar.testkit.TreeGenerator \
  "$work/data" "$HOSTS" 2 8 "$(date -u -d yesterday +%Y-%m-%d)"
data=$work/data/ml.example.org
{
  echo "["
  for ((h = 0; h < HOSTS; h++)); do
    [ "$h" = 0 ] || echo ","
    printf '{"hostname":"node%03d.ml.example.org","description":"64 cores, 4 GPUs","cpu_cores":64,"mem_gb":256,"gpu_cards":4,"gpumem_gb":160}' "$h"
  done
  echo "]"
} >"$work/nodes.json"
mkdir "$work/reports" "$work/state"
echo "data: $(find "$data" -name '*.csv' | wc -l) files, $(cat "$data"/*/*/*/*.csv | wc -l) lines, $(du -sh "$data" | cut -f1)"

# One five-minute run; extra flags for the two sonalyze runs.
cycle() { # -sonalyze flags...
  bin/naicreport load "$@" -config-file "$work/nodes.json" -data-path "$data" -output-path "$work/reports" \
    -with-downtime -tag minutely -none
  bin/naicreport at-a-glance "$@" -config-file "$work/nodes.json" -data-path "$data" -state-path "$work/state" \
    -tag bench >"$work/reports/bench-at-a-glance.json"
  bin/naicreport hostnames "$work/reports" >"$work/reports/bench-hostnames.json"
}
export -f cycle
export work data

measure() { # label [flags...]
  local label=$1
  shift
  : >"$work/times"
  for run in $(seq "$RUNS"); do
    /usr/bin/time -f "%e %U %S %M" -o "$work/time" bash -c 'cycle "$@"' cycle "$@"
    read -r wall user sys rss <"$work/time"
    awk -v r="$run" -v w="$wall" -v u="$user" -v s="$sys" -v m="$rss" -v l="$label" \
      'BEGIN { printf "%-22s run %2d  wall %6.2f s  cpu %6.2f s  peak %6.1f MiB\n", l, r, w, u + s, m / 1024 }'
    echo "$wall $(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }') $rss" >>"$work/times"
  done
  sort -n -k1 "$work/times" | awk -v l="$label" '{ w[NR] = $1 } END { m = w[int((NR + 1) / 2)]; printf "%-22s median wall %.2f s", l, m }'
  sort -n -k2 "$work/times" | awk '{ c[NR] = $2 } END { printf ", cpu %.2f s", c[int((NR + 1) / 2)] }'
  sort -n -k3 "$work/times" | awk '{ p[NR] = $3 } END { printf ", peak %.1f MiB\n", p[int((NR + 1) / 2)] / 1024 }'
}

measure "sonalyze in-process"
measure "sonalyze per command" -sonalyze "$PWD/bin/sonalyze"
