# shellcheck shell=bash
# watchdog.sh: silent while the server is well; restarts it, saying why, when it is gone or hung.

test_watchdog_is_silent_while_the_server_is_well() {
  install_here
  start_server
  local pid
  pid=$(server_pid)
  "$DIR/watchdog.sh" >"$T/watchdog.out" 2>&1 || fail "the watchdog failed: $(cat "$T/watchdog.out")"
  [ ! -s "$T/watchdog.out" ] || fail "the watchdog spoke: $(cat "$T/watchdog.out")"
  [ "$(server_pid)" = "$pid" ] || fail "the watchdog replaced a healthy server"
}

test_watchdog_restarts_a_killed_server() {
  install_here
  start_server
  local old
  old=$(server_pid)
  post_record n1 1
  kill -KILL "$old"
  wait_until 10 gone "$old" || fail "pid $old survived SIGKILL"

  "$DIR/watchdog.sh" >"$T/watchdog.out" 2>&1 || fail "the watchdog failed: $(cat "$T/watchdog.out")"
  local why="watchdog: infiltrate (pid $old from $DIR/infiltrate.pid) is not running; restarting it"
  grep -qxF "infiltratectl: $why" "$T/watchdog.out" || fail "the watchdog said: $(cat "$T/watchdog.out")"
  grep -qF " WARNING infiltratectl: $why" "$DIR/infiltrate.log" || fail "no line in the log says why"
  [ "$(server_pid)" != "$old" ] || fail "the pid file still names the killed server"
  [ "$(ping_status)" = 200 ] || fail "the restarted server does not answer /ping"
  [ "$(server_count)" -eq 1 ] || fail "$(server_count) servers run"
  post_record n1 2
  await_stored n1 "1 2"
}

test_watchdog_restarts_a_hung_server() {
  install_here
  start_server
  local old
  old=$(server_pid)
  kill -STOP "$old"
  [ "$(ping_status)" = 000 ] || fail "a stopped server answered /ping"

  "$DIR/watchdog.sh" >"$T/watchdog.out" 2>&1 || fail "the watchdog failed: $(cat "$T/watchdog.out")"
  local why="watchdog: infiltrate (pid $old) did not answer GET http://127.0.0.1:$PORT/ping with 200 within 2 s"
  grep -qF "infiltratectl: $why" "$T/watchdog.out" || fail "the watchdog said: $(cat "$T/watchdog.out")"
  [ "$(wc -l <"$T/watchdog.out")" -eq 1 ] || fail "more than one line: $(cat "$T/watchdog.out")"
  grep -qF " WARNING infiltratectl: $why" "$DIR/infiltrate.log" || fail "no line in the log says why"
  gone "$old" || fail "the hung server (pid $old) still runs"
  [ "$(server_pid)" != "$old" ] || fail "the pid file still names the hung server"
  [ "$(ping_status)" = 200 ] || fail "the restarted server does not answer /ping"
  [ "$(server_count)" -eq 1 ] || fail "$(server_count) servers run"
}

test_watchdog_replaces_a_server_whose_pid_file_is_gone() {
  install_here
  start_server
  local old
  old=$(server_pid)
  rm "$DIR/infiltrate.pid"

  "$DIR/watchdog.sh" >"$T/watchdog.out" 2>&1 || fail "the watchdog failed: $(cat "$T/watchdog.out")"
  grep -qxF "infiltratectl: watchdog: no pid file $DIR/infiltrate.pid; restarting it" "$T/watchdog.out" ||
    fail "the watchdog said: $(cat "$T/watchdog.out")"
  gone "$old" || fail "the server without a pid file (pid $old) still runs beside the new one"
  [ "$(ping_status)" = 200 ] || fail "the new server does not answer /ping"
  [ "$(server_count)" -eq 1 ] || fail "$(server_count) servers run"
}

test_log_is_rotated_past_its_bound() {
  install_here
  start_server
  sed -i 's/^LOG_MAX_BYTES=.*/LOG_MAX_BYTES=1000/' "$DIR/infiltrate.conf"
  head -c 2000 /dev/zero | tr '\0' x >>"$DIR/infiltrate.log"
  "$DIR/watchdog.sh" >"$T/watchdog.out" 2>&1 || fail "the watchdog failed: $(cat "$T/watchdog.out")"
  [ -f "$DIR/infiltrate.log.1" ] || fail "no infiltrate.log.1"
  [ "$(stat -c %s "$DIR/infiltrate.log")" -lt 1000 ] || fail "infiltrate.log was not truncated"
  # The server goes on writing into the same file, at its new end.
  "$DIR/infiltratectl" stop >/dev/null
  grep -q ' INFO stopped; all data stored$' "$DIR/infiltrate.log" || fail "the server's lines no longer reach infiltrate.log"
  [ "$(tr -dc '\0' <"$DIR/infiltrate.log" | wc -c)" -eq 0 ] || fail "infiltrate.log has a hole of zero bytes"
}
