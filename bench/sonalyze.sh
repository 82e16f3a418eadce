#!/usr/bin/env bash
# What sonalyze costs on the analysis host: jobs (the cron's cpuhog query: relative fields, config
# file, every user), load (hourly, every host) and uptime over generated trees of sonar 0.7 data, each
# RUNS times through bin/sonalyze (its JVM options and class-data sharing archive), printing wall time,
# CPU time (user+sys) and peak RSS of each run, then the medians. The trees are made once by our own
# generator (sonar.testkit.TreeGenerator, in the testkit module) and kept in TREES.
#
#   bench/sonalyze.sh                          # a week of 50 hosts and a month of 200 hosts
#   SIZES="1000:30" RUNS=1 bench/sonalyze.sh   # hosts:days; a month of 1000 hosts is 13 GB of data
#
# Needs GNU time (apt-get install time).
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-5}
SIZES=${SIZES:-50:7 200:30}
TREES=${TREES:-${TMPDIR:-/tmp}/sonalyze-bench}
[ -x /usr/bin/time ] || { echo "bench/sonalyze.sh: needs GNU time (apt-get install time)" >&2; exit 1; }
if [ ! -f sonalyze/target/sonalyze.jar ] || [ ! -f testkit/target/classes/sonar/testkit/TreeGenerator.class ]; then
  mvn -q -B -pl sonalyze,testkit -am package -DskipTests
fi
mkdir -p "$TREES"
config=$TREES/nodes.json
cat >"$config" <<'JSON'
[{"hostname":"node00[0-9].ml.example.org","cpu_cores":64,"mem_gb":256,"gpu_cards":4,"gpumem_gb":160},
 {"hostname":"node0[10-99].ml.example.org","cpu_cores":64,"mem_gb":256,"gpu_cards":4,"gpumem_gb":160},
 {"hostname":"node[100-999].ml.example.org","cpu_cores":64,"mem_gb":256,"gpu_cards":4,"gpumem_gb":160}]
JSON

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

measure() { # label args...
  local label=$1 run wall user sys rss cpu
  shift
  : >"$TREES/times"
  for run in $(seq "$RUNS"); do
    /usr/bin/time -f "%e %U %S %M" -o "$TREES/time" bin/sonalyze "$@" >"$TREES/out" 2>"$TREES/err"
    read -r wall user sys rss <"$TREES/time"
    cpu=$(awk -v u="$user" -v s="$sys" 'BEGIN { print u + s }')
    echo "$wall $cpu $rss" >>"$TREES/times"
    printf '  %-28s run %d: %5.2f s wall, %5.2f s CPU, %4d MiB, %d lines out\n' "$label" "$run" "$wall" "$cpu" \
      $((rss / 1024)) "$(wc -l <"$TREES/out")"
  done
  printf '  %-28s median: %5.2f s wall, %5.2f s CPU, %4d MiB\n' "$label" \
    "$(cut -d' ' -f1 "$TREES/times" | median)" "$(cut -d' ' -f2 "$TREES/times" | median)" \
    $(($(cut -d' ' -f3 "$TREES/times" | median | cut -d. -f1) / 1024))
}

for size in $SIZES; do
  hosts=${size%:*}
  days=${size#*:}
  tree=$TREES/tree-$hosts-$days
  if [ ! -f "$tree/.done" ]; then
    echo "generating $hosts hosts x $days days in $tree ..."
    rm -rf "$tree"
    java -cp testkit/target/classes sonar.testkit.TreeGenerator "$tree" "$hosts" "$days"
    touch "$tree/.done"
  fi
  data=$tree/ml.example.org
  last=$(date -u -d "2024-01-01 + $((days - 1)) days" +%Y-%m-%d)
  window=(--data-path "$data" -f 2024-01-01 -t "$last")
  echo "$hosts hosts, $days days: $(find "$data" -name '*.csv' -exec cat {} + | wc -l) lines, $(du -sh "$data" | cut -f1)"
  measure "jobs (cpuhog query)" jobs "${window[@]}" --config-file "$config" -u - --no-gpu --min-rcpu-peak=10 \
    --min-runtime=10m --fmt=csvnamed,tag:cpuhog,now,std,cpu-peak,gpu-peak,rcpu,rmem,start,end,cmd
  measure "load (hourly, relative)" load "${window[@]}" --config-file "$config" \
    --fmt=csv,host,datetime,cpu,mem,gpu,gpumem,rcpu,rmem,rgpu,rgpumem
  measure "uptime" uptime "${window[@]}" --interval 5
done
