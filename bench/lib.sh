# shellcheck shell=bash
# What the benchmark scripts that run the server share. Sourced, not run, from the source tree's root.

# Starts the server through the launcher in the background, on the jar given, with the arguments given,
# writing what it prints to the log given; sets pid to the launcher's (the JVM's, as it execs) process,
# and waits up to 10 s for it to say it is listening. If it does not, or exits first, prints the log and
# exits 1. The environment of the call (JAVA_OPTS, JDK_JAVA_OPTIONS) goes to the server.
#
#   start_server LOG JAR ARGUMENT...
start_server() {
  local log=$1 jar=$2
  shift 2
  INFILTRATE_JAR=$jar ./bin/infiltrate "$@" >"$log" 2>&1 &
  pid=$!
  for _ in $(seq 100); do
    grep -q "listening on port" "$log" && return 0
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  grep -q "listening on port" "$log" || { cat "$log" >&2; exit 1; }
}
