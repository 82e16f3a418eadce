#!/usr/bin/env bash
# Memory under a flood of large bodies: CONNECTIONS connections post, for DURATION, a gzip body of some
# 30 KB that inflates to a Slurm job message of 30 MB (within -max-envelope-bytes), through the launcher
# (its JVM options unless JAVA_OPTS says otherwise), while 4 connections post ordinary sample envelopes. Prints
# the answers by status (as wrk and as the server counted them), how many samples were not answered 200, whether the server stayed up, and its
# peak memory (VmHWM).
#
#   bench/bodies.sh
#   CONNECTIONS=64 DURATION=60s bench/bodies.sh
#
# TYPE=jobs sends the type sonar's format documents name, for servers that take no other.
# Needs wrk (apt-get install wrk) and python3.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
. bench/lib.sh

DURATION=${DURATION:-20s}
CONNECTIONS=${CONNECTIONS:-16}
PORT=${PORT:-18087}
command -v wrk >/dev/null || { echo "bench/bodies.sh: needs wrk (apt-get install wrk)" >&2; exit 1; }
[ -f infiltrate/target/infiltrate.jar ] || mvn -q -B package -DskipTests

work=$(mktemp -d)
trap 'kill "${pid:-}" 2>/dev/null || true; wait "${pid:-}" 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir "$work/data"
# A job whose name is a megabyte of one letter, thirty times: gzip squeezes it about a thousandfold.
python3 - "$work/body.gz" "${TYPE:-job}" <<'PY'
import gzip, sys
name = "x" * (1 << 20)
jobs = ",".join('{"job_id":%d,"job_name":"%s"}' % (i, name) for i in range(30))
message = ('{"meta":{"producer":"sonar"},"data":{"type":"%s","attributes":{"time":"2026-12-01T03:56:04+00:00",'
           '"cluster":"c","slurm_jobs":[%s]}}}' % (sys.argv[2], jobs))
with open(sys.argv[1], "wb") as out:
    out.write(gzip.compress(message.encode()))
PY

cp infiltrate/target/infiltrate.jar "$work/infiltrate.jar" # a build meanwhile must not change what runs
start_server "$work/log" "$work/infiltrate.jar" -data-path "$work/data" -port "$PORT"

echo "infiltrate under $CONNECTIONS connections posting $(stat -c %s "$work/body.gz") bytes of gzip that inflate to 30 MiB, for $DURATION,"
echo "while 4 more post sample envelopes of 2 KiB as nodes do"
FORMAT=envelope HOSTS=100 wrk -t1 -c4 -d"$DURATION" -s bench/load.lua "http://127.0.0.1:$PORT" >"$work/samples" &
samples=$!
BODY=$work/body.gz wrk -t2 -c"$CONNECTIONS" -d"$DURATION" --timeout 60s -s bench/bodies.lua "http://127.0.0.1:$PORT" |
  grep '^RESULT' | sed 's/^RESULT /large, as wrk counted them: /'
wait "$samples"
echo "samples: $(awk '/requests in/ {print $1 " requests"} /Non-2xx/ {print ", " $NF " not answered 200"}' "$work/samples" | tr -d '\n')"
if kill -0 "$pid" 2>/dev/null && curl -sf "http://127.0.0.1:$PORT/ping" >/dev/null; then
  echo "server: up, /ping answers 200; peak memory $(awk '/VmHWM/ {printf "%.0f MiB", $2/1024}' /proc/"$pid"/status)"
  for _ in $(seq 100); do # the last requests may still be storing
    curl -s "http://127.0.0.1:$PORT/metrics" | grep -qx 'infiltrate_requests_in_flight 0.0' && break
    sleep 0.1
  done
  curl -s "http://127.0.0.1:$PORT/metrics" | grep -E '^infiltrate_(requests_in_flight|body_memory_bytes) ' | tr '\n' ' '
  echo
  # The server's own count beside wrk's, which may differ by the requests in flight when wrk stops.
  curl -s "http://127.0.0.1:$PORT/metrics" | awk -F'[{}]' '
    /^infiltrate_requests_total\{endpoint="\/api\/v1\/insert\/job"/ { split($3, n, " "); count[$2] = n[1] + 0 }
    END { printf "large, as the server counted them: stored (200) %d, busy (503) %d\n",
            count["endpoint=\"/api/v1/insert/job\",outcome=\"ok\""],
            count["endpoint=\"/api/v1/insert/job\",outcome=\"unavailable\""] }'
else
  echo "server: DOWN"; tail -n 5 "$work/log"
fi
grep -E ' (ERROR|WARNING) ' "$work/log" | grep -v 'no auth file given' | cut -c 1-200 | sort | uniq -c | sort -rn | head -n 5
