#!/usr/bin/env bash
# What one exfiltrate run costs a node: sends 100 records to a local infiltrate with -window 0, RUNS
# times, through bin/exfiltrate (its JVM options and class-data sharing archive), and prints wall time,
# CPU time (user+sys) and peak RSS of each run, then the medians. COMPARE=1 also measures plain
# `java -jar` without the launcher's options, for reference.
#
#   bench/sender.sh
#   RUNS=20 COMPARE=1 bench/sender.sh
#
# Needs GNU time (apt-get install time).
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-10}
COMPARE=${COMPARE:-0}
[ -x /usr/bin/time ] || { echo "bench/sender.sh: needs GNU time (apt-get install time)" >&2; exit 1; }
[ -f infiltrate/target/infiltrate.jar ] && [ -f exfiltrate/target/exfiltrate.jar ] || mvn -q -B package -DskipTests

work=$(mktemp -d)
pid=
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"' EXIT
mkdir "$work/data"
INFILTRATE_JAR=infiltrate/target/infiltrate.jar ./bin/infiltrate -data-path "$work/data" -port 0 2>"$work/server.log" &
pid=$!
for _ in $(seq 100); do grep -q "listening on port" "$work/server.log" && break; sleep 0.1; done
port=$(sed -n 's/.*listening on port \([0-9]*\).*/\1/p' "$work/server.log" | head -1)
[ -n "$port" ] || { cat "$work/server.log" >&2; exit 1; }

for i in $(seq 100); do
  echo "v=0.7.0,time=2024-03-01T09:55:00+00:00,host=node1,cores=64,user=alice,job=4242,pid=$i,cmd=simulate,cpu%=99.5,cpukib=1234567,gpus=0,gpu%=12.5,gpumem%=3.25,gpukib=65536,cputime_sec=3600"
done >"$work/input.csv"
args=(-window 0 -cluster bench -target "http://127.0.0.1:$port" -spool-dir "$work/spool")

measure() { # label command...
  local label=$1; shift
  : >"$work/times"
  for run in $(seq "$RUNS"); do
    /usr/bin/time -f "%e %U %S %M" -o "$work/time" "$@" "${args[@]}" <"$work/input.csv"
    read -r wall user sys rss <"$work/time"
    awk -v r="$run" -v w="$wall" -v u="$user" -v s="$sys" -v m="$rss" -v l="$label" \
      'BEGIN { printf "%-10s run %2d: wall %4.0f ms  cpu %4.0f ms (user %3.0f, sys %3.0f)  peak RSS %5.1f MiB\n", l, r, w*1000, (u+s)*1000, u*1000, s*1000, m/1024 }'
    echo "$wall $user $sys $rss" >>"$work/times"
  done
  sort -n -k1 "$work/times" | awk -v l="$label" '{ w[NR]=$1 } END { printf "%-10s median wall %4.0f ms\n", l, w[int((NR+1)/2)]*1000 }'
  awk '{ print $2+$3 }' "$work/times" | sort -n | awk -v l="$label" '{ c[NR]=$1 } END { printf "%-10s median cpu  %4.0f ms\n", l, c[int((NR+1)/2)]*1000 }'
  sort -n -k4 "$work/times" | awk -v l="$label" '{ m[NR]=$4 } END { printf "%-10s median RSS %5.1f MiB\n", l, m[int((NR+1)/2)]/1024 }'
}

echo "exfiltrate: 100 records per run to infiltrate on port $port, $(nproc) cores, $(java -version 2>&1 | head -1)"
# The first run through the launcher starts the training run that writes the class-data archive.
./bin/exfiltrate "${args[@]}" <"$work/input.csv"
archive=exfiltrate/target/exfiltrate.jsa
for _ in $(seq 100); do [ -f "$archive" ] && ! pgrep -f "ArchiveClassesAtExit=$archive" >/dev/null && break; sleep 0.1; done
measure launcher ./bin/exfiltrate
if [ "$COMPARE" = 1 ]; then
  measure "java -jar" java -jar exfiltrate/target/exfiltrate.jar
fi
stored=$(cat "$work"/data/bench/*/*/*/*.csv | wc -l)
expected=$(( (RUNS * (COMPARE + 1) + 1) * 100 ))
[ "$stored" = "$expected" ] || { echo "bench/sender.sh: the server stored $stored records, not $expected" >&2; exit 1; }
echo "server stored all $stored records"
