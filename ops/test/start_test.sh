# shellcheck shell=bash
# start-infiltrate.sh and infiltratectl stop: one server per installation, and a stop that drains.

test_start_refuses_a_second_copy() {
  install_here
  start_server
  local first
  first=$(server_pid)
  [ "$(ping_status)" = 200 ] || fail "the server does not answer /ping after start-infiltrate.sh"

  local status=0
  "$DIR/start-infiltrate.sh" >"$T/second.out" 2>"$T/second.err" || status=$?
  [ $status -ne 0 ] || fail "a second start-infiltrate.sh succeeded"
  [ ! -s "$T/second.out" ] || fail "a refused start printed on stdout: $(cat "$T/second.out")"
  [ "$(wc -l <"$T/second.err")" -eq 1 ] || fail "a refused start should say one line, not: $(cat "$T/second.err")"
  grep -qxF "infiltratectl: infiltrate of $DIR is already running as pid $first; to restart it: $DIR/infiltratectl restart" \
    "$T/second.err" || fail "unexpected refusal: $(cat "$T/second.err")"
  [ "$(server_pid)" = "$first" ] || fail "the pid file changed from $first to $(server_pid)"
  [ "$(server_count)" -eq 1 ] || fail "$(server_count) servers run"
  [ "$(ping_status)" = 200 ] || fail "the first server stopped answering"
}

test_start_ignores_a_stale_pid_file_naming_another_process() {
  install_here
  sleep 300 &
  local stranger=$!
  echo "$stranger" >"$DIR/infiltrate.pid"
  start_server
  [ "$(server_pid)" != "$stranger" ] || fail "the pid file still names the stranger"
  [ "$(ping_status)" = 200 ] || fail "the server does not answer /ping"
  kill -0 "$stranger" 2>/dev/null || fail "start-infiltrate.sh killed pid $stranger, which was not its server"
  kill "$stranger"
}

test_stop_drains_and_the_watchdog_leaves_it_down() {
  install_here
  start_server
  local pid
  pid=$(server_pid)
  post_record n1 7
  "$DIR/infiltratectl" stop >"$T/stop.out" 2>&1 || fail "infiltratectl stop failed: $(cat "$T/stop.out")"
  grep -qF "infiltrate (pid $pid) stopped" "$T/stop.out" || fail "unexpected: $(cat "$T/stop.out")"
  gone "$pid" || fail "pid $pid still runs after stop"
  grep -q ' INFO stopped; all data stored$' "$DIR/infiltrate.log" || fail "no orderly stop in the log: $(tail -n 5 "$DIR/infiltrate.log")"
  [ "$(stored_jobs n1)" = 7 ] || fail "the record posted before the stop is not stored once: $(stored_jobs n1)"
  [ -z "$(ls "$DIR/data/.infiltrate/journal" 2>/dev/null)" ] || fail "an orderly stop left a journal: $(ls "$DIR/data/.infiltrate/journal")"

  "$DIR/watchdog.sh" >"$T/watchdog.out" 2>&1 || fail "the watchdog failed: $(cat "$T/watchdog.out")"
  [ ! -s "$T/watchdog.out" ] || fail "the watchdog spoke about a server stopped on purpose: $(cat "$T/watchdog.out")"
  [ "$(server_count)" -eq 0 ] || fail "the watchdog started a server stopped on purpose"

  start_server
  [ "$(ping_status)" = 200 ] || fail "no server after start"
}

# At shutdown the system sends SIGTERM to every process; the seed's way to stop it was SIGHUP. Either
# must reach the server (not ignored, as nohup would make SIGHUP) and stop it in order.
test_server_runs_in_its_own_session_and_stops_in_order_on_sighup_and_sigterm() {
  install_here
  local signal pid
  for signal in HUP TERM; do
    start_server
    pid=$(server_pid)
    [ "$(ps -o sid= -p "$pid" | tr -d ' ')" = "$pid" ] || fail "the server is not in a session of its own"
    kill -"$signal" "$pid"
    wait_until 20 gone "$pid" || fail "the server ignored SIG$signal"
    [ "$(grep -c ' INFO stopped; all data stored$' "$DIR/infiltrate.log")" -eq "$([ $signal = HUP ] && echo 1 || echo 2)" ] ||
      fail "SIG$signal did not stop it in order: $(tail -n 5 "$DIR/infiltrate.log")"
  done
}

test_reload_asks_the_server_to_read_its_files_again() {
  install_here
  start_server
  "$DIR/infiltratectl" reload >"$T/reload.out" 2>&1 || fail "infiltratectl reload failed: $(cat "$T/reload.out")"
  [ -s "$T/reload.out" ] || fail "infiltratectl reload said nothing"
  "$DIR/infiltratectl" stop >/dev/null
  local status=0
  "$DIR/infiltratectl" reload >"$T/reload.out" 2>&1 || status=$?
  [ $status -ne 0 ] || fail "infiltratectl reload succeeded without a server"
  grep -qF "infiltratectl: POST http://127.0.0.1:$PORT/reload failed" "$T/reload.out" || fail "unexpected: $(cat "$T/reload.out")"
}
