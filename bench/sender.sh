#!/usr/bin/env bash
# What one exfiltrate run costs a node. Starts a local infiltrate, then measures runs through the
# launcher (its JVM options and startup archive), each RUNS times, and prints the medians:
#   - 100 records, -window 0: CPU time (user+sys of the whole process tree), wall time, peak RSS;
#   - 1,000 records, -window 0: the same;
#   - the random wait (-window 3600, stderr not a terminal, as under cron): what the run holds while
#     it waits, the resident memory and threads of its processes, sampled once the input is spooled.
#
#   bench/sender.sh                          # the launcher and jar of this tree
#   RUNS=21 bench/sender.sh
#   BASELINE=/path/to/old bench/sender.sh    # also an older build, side by side (a directory with its
#                                            # exfiltrate launcher and exfiltrate.jar)
#   PACKAGE=1 bench/sender.sh                # also the node package built here (its own Java runtime),
#   PACKAGE=/path/to/exfiltrate-node.tar.gz   # or another one (such as one built with -Dnode.jdk=<JDK 25>)
#   COMPARE=1 bench/sender.sh                # also plain `java -jar`, without the launcher's options
#
# Java is the launcher's choice (JAVA_HOME, else java on PATH). Needs GNU time (apt-get install time).
# CPU times move by 10-30 ms when other programs load the machine: run it when `uptime` shows it quiet.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-11}
[ -x /usr/bin/time ] || { echo "bench/sender.sh: needs GNU time (apt-get install time)" >&2; exit 1; }
package=${PACKAGE:-}
[ "$package" != 1 ] || package=exfiltrate/target/exfiltrate-node.tar.gz
if [ ! -f infiltrate/target/infiltrate.jar ] || [ ! -f exfiltrate/target/exfiltrate.jar ] ||
  { [ -n "$package" ] && [ ! -f "$package" ]; }; then
  mvn -q -B package -DskipTests
fi

work=$(mktemp -d)
pid=
trap '[ -z "$pid" ] || kill "$pid" 2>/dev/null || true; wait 2>/dev/null || true; rm -rf "$work"' EXIT
mkdir "$work/data"
INFILTRATE_JAR=infiltrate/target/infiltrate.jar ./bin/infiltrate -data-path "$work/data" -port 0 2>"$work/server.log" &
pid=$!
for _ in $(seq 100); do grep -q "listening on port" "$work/server.log" && break; sleep 0.1; done
port=$(sed -n 's/.*listening on port \([0-9]*\).*/\1/p' "$work/server.log" | head -1)
[ -n "$port" ] || { cat "$work/server.log" >&2; exit 1; }

reading() { # pid
  echo "v=0.7.0,time=2024-03-01T09:55:00+00:00,host=node1,cores=64,user=alice,job=4242,pid=$1,cmd=simulate,cpu%=99.5,cpukib=1234567,gpus=0,gpu%=12.5,gpumem%=3.25,gpukib=65536,cputime_sec=3600"
}
for i in $(seq 1000); do reading "$i"; done >"$work/input1000.csv"
head -n 100 "$work/input1000.csv" >"$work/input100.csv"
sent=0

median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# Runs a command RUNS times on an input; prints the median CPU, wall time and peak RSS.
measure() { # label input command...
  local label=$1 input=$2 wall user sys rss
  shift 2
  : >"$work/times"
  for _ in $(seq "$RUNS"); do
    TIMEFORMAT='%3R %3U %3S'
    { time /usr/bin/time -f %M -o "$work/rss" "$@" -window 0 -cluster bench -target "http://127.0.0.1:$port" \
      -spool-dir "$work/spool" <"$input" >/dev/null 2>"$work/err"; } 2>"$work/time"
    [ ! -s "$work/err" ] || { echo "bench/sender.sh: $label printed: $(cat "$work/err")" >&2; exit 1; }
    read -r wall user sys <"$work/time"
    read -r rss <"$work/rss"
    echo "$wall $user $sys $rss" >>"$work/times"
  done
  sent=$((sent + RUNS * $(wc -l <"$input")))
  printf '%-34s cpu %4.0f ms   wall %4.0f ms   peak RSS %5.1f MiB\n' "$label" \
    "$(awk '{ print ($2 + $3) * 1000 }' "$work/times" | median)" \
    "$(awk '{ print $1 * 1000 }' "$work/times" | median)" \
    "$(awk '{ print $4 / 1024 }' "$work/times" | median)"
}

# What a run holds during its random wait: the resident memory and threads of its process tree, once
# its input is in the spool (the launcher spools, then waits; an older sender spools in the JVM, then
# waits there). The run is killed in its wait; the next measured run sends what it spooled.
during_wait() { # label launcher
  local label=$1 launcher=$2 run_pid procs rss threads p
  mkdir -p "$work/wait"
  setsid "$launcher" -window 3600 -cluster bench -target "http://127.0.0.1:$port" -spool-dir "$work/wait" \
    <"$work/input100.csv" >/dev/null 2>"$work/wait.err" &
  run_pid=$!
  for _ in $(seq 300); do
    ls "$work/wait"/*.input >/dev/null 2>&1 || ls "$work/wait"/*.batch >/dev/null 2>&1 && break
    sleep 0.05
  done
  sleep 1 # settled in its wait
  procs="$run_pid $(pgrep -s "$run_pid" | tr '\n' ' ')"
  rss=0 threads=0
  for p in $(echo "$procs" | tr ' ' '\n' | sort -u); do
    [ -r "/proc/$p/status" ] || continue
    rss=$((rss + $(awk '/^VmRSS/ { print $2 }' "/proc/$p/status"))) # kB
    threads=$((threads + $(awk '/^Threads/ { print $2 }' "/proc/$p/status")))
  done
  kill -KILL -- "-$run_pid" 2>/dev/null || true
  wait "$run_pid" 2>/dev/null || true
  printf '%-34s resident %5.1f MiB in %d processes, %d threads\n' "$label" "$(awk -v k="$rss" 'BEGIN { print k / 1024 }')" \
    "$(echo "$procs" | wc -w)" "$threads"
  # What the killed run spooled goes with the next one.
  "$launcher" -window 0 -cluster bench -target "http://127.0.0.1:$port" -spool-dir "$work/wait" </dev/null
  sent=$((sent + 100))
}

# Runs once so that the launcher trains its startup archive in the background, and waits for that.
prepare() { # launcher
  "$1" -window 0 -cluster bench -target "http://127.0.0.1:$port" -spool-dir "$work/spool" <"$work/input100.csv"
  sent=$((sent + 100))
  for _ in $(seq 300); do
    pgrep -f "(ArchiveClassesAtExit|AOTCacheOutput|DumpLoadedClassList|SharedClassListFile)=$(dirname "$(readlink -f "$1")")" >/dev/null || break
    sleep 0.1
  done
}

bench() { # label launcher
  prepare "$2"
  measure "$1, 100 records" "$work/input100.csv" "$2"
  measure "$1, 1,000 records" "$work/input1000.csv" "$2"
  during_wait "$1, during the wait" "$2"
}

echo "exfiltrate to infiltrate on port $port, $(nproc) cores, $RUNS runs each; $(uptime | sed 's/.*load/load/')"
mkdir "$work/this"
cp bin/exfiltrate exfiltrate/target/exfiltrate.jar "$work/this/"
bench "launcher" "$work/this/exfiltrate"
if [ -n "$package" ]; then
  tar -xzf "$package" -C "$work"
  bench "node package, Java $(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$work/exfiltrate/runtime/release")" \
    "$work/exfiltrate/exfiltrate"
fi
if [ -n "${BASELINE:-}" ]; then
  mkdir "$work/baseline"
  cp "$BASELINE/exfiltrate" "$BASELINE/exfiltrate.jar" "$work/baseline/"
  bench "baseline" "$work/baseline/exfiltrate"
fi
if [ -n "${COMPARE:-}" ]; then
  measure "java -jar, 100 records" "$work/input100.csv" java -jar exfiltrate/target/exfiltrate.jar
fi
echo "$(uptime | sed 's/.*load/load/') at the end"
stored=$(cat "$work"/data/bench/*/*/*/*.csv | wc -l)
[ "$stored" = "$sent" ] || { echo "bench/sender.sh: the server stored $stored records, not $sent" >&2; exit 1; }
echo "server stored all $stored records"
