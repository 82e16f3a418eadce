#!/usr/bin/env bash
# Load benchmark for infiltrate: 10-record /sonar-reading batches over 32 keep-alive connections, first
# from 32 hosts, then spread over 5,000 hosts as a large centre sends them. Prints requests/s,
# records/s, p50/p99 latency and the server's peak memory (VmHWM).
#
#   bench/load.sh                    # defaults
#   DURATION=30s JAVA_OPTS="-Xmx256m" bench/load.sh
#
# Needs wrk (apt-get install wrk). The server runs with the launcher's JVM options unless JAVA_OPTS is set.
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-10s}
CONNECTIONS=${CONNECTIONS:-32}
PORT=${PORT:-18086}
SERVER_ARGS=${SERVER_ARGS:-}
command -v wrk >/dev/null || { echo "bench/load.sh: needs wrk (apt-get install wrk)" >&2; exit 1; }
[ -f infiltrate/target/infiltrate.jar ] || mvn -q -B package -DskipTests

data=$(mktemp -d)
log=$(mktemp)
trap 'kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null; rm -rf "$data" "$log"' EXIT

INFILTRATE_JAR=infiltrate/target/infiltrate.jar ./bin/infiltrate -data-path "$data" -port "$PORT" $SERVER_ARGS 2>"$log" &
pid=$!
for _ in $(seq 100); do grep -q "listening on port" "$log" && break; sleep 0.1; done
grep -q "listening on port" "$log" || { cat "$log" >&2; exit 1; }
server=$(pgrep -f -n "infiltrate.jar -data-path $data" || echo "$pid")

run() { # hosts duration
  HOSTS=$1 wrk -t2 -c"$CONNECTIONS" -d"$2" -s bench/readings.lua "http://127.0.0.1:$PORT" | grep '^RESULT' | sed 's/^RESULT //'
}

echo "infiltrate load: $CONNECTIONS connections, 10 records per request, $(nproc) cores shared with the load generator"
run 32 "$WARMUP" >/dev/null
echo "32 hosts:    $(run 32 "$DURATION")"
run 5000 "$WARMUP" >/dev/null
echo "5000 hosts:  $(run 5000 "$DURATION")"
echo "server peak memory: $(awk '/VmHWM/ {printf "%.0f MiB", $2/1024}' /proc/"$server"/status)"
