#!/usr/bin/env bash
# Flame graph of the server under load: runs infiltrate with async-profiler attached from its start,
# posts FORMAT (readings, freecsv, envelope) from HOSTS hosts over 32 connections for WARMUP, then for
# DURATION, and writes the profile of the whole run when the server stops.
#
#   bench/profile.sh bench/profile-after-cpu.html            # CPU, sampled every millisecond
#   EVENT=alloc bench/profile.sh bench/profile-after-alloc.html
#   HOSTS=5000 FORMAT=freecsv bench/profile.sh /tmp/csv.html
#
# Needs wrk; fetches async-profiler (tools.profiler:async-profiler) from Maven Central once.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
. bench/lib.sh

out=$(realpath -m "${1:?usage: bench/profile.sh OUTPUT.html}")
EVENT=${EVENT:-cpu}
FORMAT=${FORMAT:-readings}
HOSTS=${HOSTS:-5000}
WARMUP=${WARMUP:-10s}
DURATION=${DURATION:-20s}
PORT=${PORT:-18088}
VERSION=4.2
command -v wrk >/dev/null || { echo "bench/profile.sh: needs wrk (apt-get install wrk)" >&2; exit 1; }
[ -f infiltrate/target/infiltrate.jar ] || mvn -q -B package -DskipTests

jar=$HOME/.m2/repository/tools/profiler/async-profiler/$VERSION/async-profiler-$VERSION.jar
[ -f "$jar" ] || mvn -q -B dependency:get -Dartifact="tools.profiler:async-profiler:$VERSION"
work=$(mktemp -d)
trap 'kill "${pid:-}" 2>/dev/null || true; wait "${pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
case $(uname -m) in aarch64) arch=linux-arm64 ;; *) arch=linux-x64 ;; esac
(cd "$work" && unzip -q "$jar" "$arch/libasyncProfiler.so")
mkdir "$work/data"

interval=
if [ "$EVENT" = cpu ]; then interval=,interval=1ms; fi
# The java launcher adds JDK_JAVA_OPTIONS to the launcher's own options, which stay as they are.
JDK_JAVA_OPTIONS="-agentpath:$work/$arch/libasyncProfiler.so=start,event=$EVENT$interval,file=$out" \
  start_server "$work/log" infiltrate/target/infiltrate.jar -data-path "$work/data" -port "$PORT"
FORMAT=$FORMAT HOSTS=$HOSTS wrk -t2 -c32 -d"$WARMUP" -s bench/load.lua "http://127.0.0.1:$PORT" >/dev/null
FORMAT=$FORMAT HOSTS=$HOSTS wrk -t2 -c32 -d"$DURATION" -s bench/load.lua "http://127.0.0.1:$PORT" |
  grep '^RESULT' | sed 's/^RESULT /profiled: /'
kill "$pid"
wait "$pid" 2>/dev/null || true
echo "flame graph: $out"
