#!/usr/bin/env bash
# Load benchmark for infiltrate over 32 keep-alive connections: 10-record /sonar-reading batches from 32
# hosts, then spread over 5,000 hosts as a large centre sends them; then the later formats, 10 free CSV
# lines per request and one sample envelope per request, over 5,000 hosts. Prints the server's memory
# when idle (VmRSS), then for each load requests/s, records/s, p50/p99 latency, the cores the server
# and wrk used, the journal's forces (the mean time of one, and requests per force: the group commit's
# size), and the server's peak memory during that load (VmHWM, reset before each load), and at the end
# its peak over the whole run.
#
#   bench/load.sh                    # defaults
#   DURATION=30s JAVA_OPTS="-Xmx256m" bench/load.sh
#
# Needs wrk (apt-get install wrk). The server runs with the launcher's JVM options unless JAVA_OPTS is set.
set -euo pipefail
cd "$(dirname "$0")/.."
# shellcheck source=bench/lib.sh
. bench/lib.sh

DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-10s}
CONNECTIONS=${CONNECTIONS:-32}
PORT=${PORT:-18086}
SERVER_ARGS=${SERVER_ARGS:-}
command -v wrk >/dev/null || { echo "bench/load.sh: needs wrk (apt-get install wrk)" >&2; exit 1; }
[ -f infiltrate/target/infiltrate.jar ] || mvn -q -B package -DskipTests

data=$(mktemp -d)
log=$(mktemp)
trap 'kill "${pid:-}" 2>/dev/null || true; wait "${pid:-}" 2>/dev/null || true; rm -rf "$data" "$log" "$log.times"' EXIT

# shellcheck disable=SC2086 # SERVER_ARGS holds several flags, split on purpose
start_server "$log" infiltrate/target/infiltrate.jar -data-path "$data" -port "$PORT" $SERVER_ARGS
server=$(pgrep -f -n "infiltrate.jar -data-path $data" || echo "$pid")

# CPU seconds so far: of the server, from /proc; of this shell's finished children (wrk), from the
# builtin `times`, which must run in this shell itself (not in a $(...)), hence the file.
server_cpu() { awk -v hz="$(getconf CLK_TCK)" '{printf "%.2f", ($14 + $15) / hz}' /proc/"$server"/stat; }
children_cpu() { # sets children
  times >"$log.times"
  children=$(tail -n 1 "$log.times" | awk '{gsub(/[ms]/, " "); print $1 * 60 + $2 + $3 * 60 + $4}')
}

peak_mib() { awk '/VmHWM/ {printf "%.0f", $2/1024}' /proc/"$server"/status; }
# The peak of each load alone: writing 5 to clear_refs resets VmHWM to the present resident size.
overall_peak=0
reset_peak() {
  local peak
  peak=$(peak_mib)
  overall_peak=$(( peak > overall_peak ? peak : overall_peak ))
  echo 5 >/proc/"$server"/clear_refs 2>/dev/null || true
}

forces() { # journal forces so far, the seconds they took, and requests answered 200
  curl -s "http://127.0.0.1:$PORT/metrics" | awk '/^infiltrate_journal_force_seconds_count/ {c = $2}
    /^infiltrate_journal_force_seconds_sum/ {s = $2} /^infiltrate_requests_total.*outcome="ok"/ {r += $2}
    END {print c, s, r}'
}

run() { # format hosts duration; prints wrk's result, the cores the server and wrk used, the journal's
  # forces and the server's peak memory
  local s0 w0 t0 f0 result
  reset_peak
  f0=$(forces)
  s0=$(server_cpu); children_cpu; w0=$children; t0=$(date +%s.%N)
  result=$(FORMAT=$1 HOSTS=$2 wrk -t2 -c"$CONNECTIONS" -d"$3" -s bench/load.lua "http://127.0.0.1:$PORT" |
    grep '^RESULT' | sed 's/^RESULT //')
  children_cpu
  echo "$result $(awk -v s0="$s0" -v s1="$(server_cpu)" -v w0="$w0" -v w1="$children" -v t0="$t0" \
    -v t1="$(date +%s.%N)" 'BEGIN {printf "server_cores=%.2f wrk_cores=%.2f", (s1 - s0) / (t1 - t0), (w1 - w0) / (t1 - t0)}') \
$(echo "$f0 $(forces)" | awk '{n = $4 - $1; if (n) printf "force_ms=%.2f requests_per_force=%.1f", 1000 * ($5 - $2) / n, ($6 - $3) / n}') peak_mib=$(peak_mib)"
}

echo "infiltrate load: $CONNECTIONS connections, $(nproc) cores shared with the load generator; $(uptime | sed 's/.*load/load/')"
sleep 2
echo "server idle memory: $(awk '/VmRSS/ {printf "%.0f MiB", $2/1024}' /proc/"$server"/status)"
run readings 32 "$WARMUP" >/dev/null
echo "0.7 JSON, 10 records/request, 32 hosts:     $(run readings 32 "$DURATION")"
run readings 5000 "$WARMUP" >/dev/null
echo "0.7 JSON, 10 records/request, 5000 hosts:   $(run readings 5000 "$DURATION")"
run freecsv 5000 "$WARMUP" >/dev/null
echo "free CSV, 10 lines/request, 5000 hosts:     $(run freecsv 5000 "$DURATION")"
run envelope 5000 "$WARMUP" >/dev/null
echo "envelopes, 1 sample/request, 5000 hosts:    $(run envelope 5000 "$DURATION")"
reset_peak
echo "server peak memory over the run: $overall_peak MiB"
