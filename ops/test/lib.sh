# shellcheck shell=bash
# Helpers for the operations tests, sourced by run.sh into each test's own bash. Every test gets a
# temporary directory ($T), an installation in it ($DIR) on a free port ($PORT), and on exit every
# process whose command line names $T is killed and $T removed.

# The source tree to install from: run.sh's copy, else the tree these tests are in.
SRC=${SONAR_OPS_SOURCE:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd -P)}
T=$(mktemp -d "${TMPDIR:-/tmp}/sonar-ops-test.XXXXXX")
T=$(cd "$T" && pwd -P)
DIR=$T/sonar
PORT=

fail() {
  echo "FAIL: $*" >&2
  exit 1
}

# Kills what the test started: servers, senders and their background runs all name $T.
cleanup() {
  local p pids=
  for p in /proc/[0-9]*; do
    p=${p#/proc/}
    [ "$p" = $$ ] && continue
    tr '\0' ' ' <"/proc/$p/cmdline" 2>/dev/null | grep -qF "$T/" && pids+=" $p"
  done
  # shellcheck disable=SC2086 # a list of pids
  if [ -n "$pids" ]; then
    kill -KILL $pids 2>/dev/null || true
  fi
  rm -rf "$T"
}
trap cleanup EXIT

# A port nothing listens on, below the range the system picks clients' ports from (which a client
# could hold when the server binds). start_server tries another if one is taken meanwhile.
free_port() {
  local low port
  read -r low _ </proc/sys/net/ipv4/ip_local_port_range
  while :; do
    port=$((10000 + RANDOM % (low - 10000)))
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || break
  done
  echo "$port"
}

# Installs the jars built in the source tree into $DIR, with timeouts short enough for tests.
install_here() {
  PORT=$(free_port)
  "$SRC/ops/install.sh" --dir "$DIR" --port "$PORT" --no-build --quiet >"$T/install.out" 2>&1 ||
    fail "install.sh failed: $(cat "$T/install.out")"
  sed -i -e 's/^PING_TIMEOUT=.*/PING_TIMEOUT=2/' -e 's/^STOP_TIMEOUT=.*/STOP_TIMEOUT=10/' "$DIR/infiltrate.conf"
}

start_server() {
  for _ in 1 2 3; do
    "$DIR/start-infiltrate.sh" >"$T/start.out" 2>&1 && return 0
    grep -q 'Address already in use' "$T/start.out" || break
    PORT=$(free_port) # taken by some other program since free_port
    sed -i "s/^PORT=.*/PORT=$PORT/" "$DIR/infiltrate.conf"
  done
  fail "start-infiltrate.sh failed: $(cat "$T/start.out")"
}

server_pid() {
  cat "$DIR/infiltrate.pid"
}

ping_status() {
  curl -s --noproxy '*' -o /dev/null -w '%{http_code}' --max-time 2 "http://127.0.0.1:$PORT/ping" || true
}

# The java processes running this installation's jar.
server_count() {
  local p n=0
  for p in /proc/[0-9]*; do
    tr '\0' '\n' <"$p/cmdline" 2>/dev/null | grep -qxF "$DIR/infiltrate.jar" && n=$((n + 1))
  done
  echo "$n"
}

gone() {
  [ ! -d "/proc/$1" ] || [ "$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)" = Z ]
}

# Polls until the command succeeds, for at most the given seconds.
wait_until() { # seconds command...
  local deadline=$((SECONDS + $1))
  shift
  until "$@"; do
    [ $SECONDS -lt $deadline ] || return 1
    sleep 0.1
  done
}

# A sonar csvnamed line for one record; job numbers tell records apart.
record() { # host job
  echo "v=0.7.0,time=2024-05-01T12:00:00+00:00,host=$1,cores=8,user=alice,job=$2,pid=0,cmd=sim,cpu%=1,cpukib=1000,cputime_sec=1"
}

# Posts one record as a node would, straight to the server.
post_record() { # host job
  curl -sS --noproxy '*' -f --max-time 10 -H 'Content-Type: application/json' \
    --data "[{\"version\":\"0.7.0\",\"time\":\"2024-05-01T12:00:00+00:00\",\"cluster\":\"test\",\"host\":\"$1\",\"user\":\"alice\",\"job\":$2,\"cmd\":\"sim\"}]" \
    "http://127.0.0.1:$PORT/sonar-reading" || fail "POST of job $2 failed"
}

# The job numbers stored for a host, one a line, in file order.
stored_jobs() { # host
  local file=$DIR/data/test/2024/05/01/$1.csv
  [ -f "$file" ] || return 0
  grep -o ',job=[0-9]*,' "$file" | tr -dc '0-9\n'
}

# The server answers once records are in its journal and writes the data files right after: a file
# is read once it has what is expected, or given up on after ten seconds.
await_stored() { # host "job job ..."
  local deadline=$((SECONDS + 10))
  until [ "$(stored_jobs "$1" | tr '\n' ' ')" = "$2 " ]; do
    [ $SECONDS -lt $deadline ] || fail "stored for $1: \"$(stored_jobs "$1" | tr '\n' ' ')\", expected \"$2 \""
    sleep 0.1
  done
}
