# shellcheck shell=bash
# upgrade.sh while nodes send: nothing lost, nothing stored twice, running senders unharmed.

SENDERS=3
RECORDS=5

# One node: exfiltrate runs one after another from the installation, as cron would run them, each
# with records of its own, until $T/stop appears. Writes the job numbers it was given to sent.<node>.
sender() { # node
  local run=0 job input=$T/input.$1
  while [ ! -e "$T/stop" ] && [ $run -lt 60 ]; do
    run=$((run + 1))
    : >"$input"
    for job in $(seq $((($1 * 1000 + run) * 100 + 1)) $((($1 * 1000 + run) * 100 + RECORDS))); do
      record "n$1" "$job" >>"$input"
      echo "$job" >>"$T/sent.$1"
    done
    "$DIR/exfiltrate" -window 0 -cluster test -source sonar/csvnamed -output json -v \
      -target "http://127.0.0.1:$PORT" -spool-dir "$T/spool.$1" <"$input" >>"$T/sender.$1.log" 2>&1 ||
      echo "node $1 run $run exited $?" >>"$T/sender-failures"
  done
}

runs() { # node
  echo $(($(wc -l <"$T/sent.$1") / RECORDS))
}

# Whether every node has made at least this many runs.
all_ran() { # runs
  local node
  for node in $(seq "$SENDERS"); do
    [ -f "$T/sent.$node" ] && [ "$(runs "$node")" -ge "$1" ] || return 1
  done
}

# A new build: the same jars with one more entry, so that every jar differs from the installed one.
new_source() {
  local new=$T/src
  mkdir -p "$new/infiltrate/target" "$new/exfiltrate/target" "$new/sonalyze/target" "$new/naicreport/target" "$T/marker"
  cp -r "$SRC/ops" "$SRC/bin" "$new/"
  (cd "$SRC" && cp --parents README.md docs/*.md ./*/DESIGN.md "$new/")
  echo "upgraded" >"$T/marker/UPGRADED"
  # This version takes 20 s longer to start. A run gives up after five failed attempts in 7.5 to 15 s
  # (exfiltrate's backoff), so every node has a run that gives up in the gap and leaves its batch in
  # the spool for the next run.
  # shellcheck disable=SC2016 # $java is the launcher's
  sed -i 's/^exec "\$java"/sleep 20\n&/' "$new/bin/infiltrate"
  grep -q '^sleep 20$' "$new/bin/infiltrate" || fail "cannot slow down the new launcher"
  cp "$SRC/infiltrate/target/infiltrate.jar" "$SRC/exfiltrate/target/exfiltrate.jar" "$T/"
  local tool
  tool=$(command -v jar || echo "$(dirname "$(readlink -f "$(command -v java)")")/jar")
  (cd "$T" && "$tool" uf infiltrate.jar -C marker UPGRADED && "$tool" uf exfiltrate.jar -C marker UPGRADED) ||
    fail "cannot make the new jars with $tool (the JDK's jar tool)"
  mv "$T/infiltrate.jar" "$new/infiltrate/target/"
  mv "$T/exfiltrate.jar" "$new/exfiltrate/target/"
  cp "$SRC/sonalyze/target/sonalyze.jar" "$new/sonalyze/target/" # the analysis as it was: install.sh needs every jar
  cp "$SRC/naicreport/target/naicreport.jar" "$new/naicreport/target/"
}

test_upgrade_while_nodes_send_loses_nothing_and_duplicates_nothing() {
  install_here
  new_source
  start_server
  local old inodes_before
  old=$(server_pid)
  inodes_before=$(stat -c %i "$DIR/infiltrate.jar" "$DIR/exfiltrate.jar" | tr '\n' ' ')

  local node pids=
  for node in $(seq "$SENDERS"); do
    sender "$node" &
    pids+=" $!"
  done
  wait_until 60 all_ran 2 || fail "the senders do not run"
  "$T/src/ops/upgrade.sh" --dir "$DIR" --no-build >"$T/upgrade.out" 2>&1 || fail "upgrade.sh failed: $(cat "$T/upgrade.out")"
  local after=0
  for node in $(seq "$SENDERS"); do
    if [ "$(runs "$node")" -gt "$after" ]; then after=$(runs "$node"); fi
  done
  wait_until 60 all_ran $((after + 2)) || fail "the senders do not run after the upgrade"
  touch "$T/stop"
  # shellcheck disable=SC2086 # a list of pids
  wait $pids

  # The upgrade: new files by rename, the old server drained, the new one answering.
  grep -qF "upgraded $DIR: infiltrate restarted by infiltratectl restart (pid $old before)" "$T/upgrade.out" ||
    fail "upgrade.sh said: $(cat "$T/upgrade.out")"
  cmp -s "$T/src/infiltrate/target/infiltrate.jar" "$DIR/infiltrate.jar" || fail "the new infiltrate.jar is not installed"
  cmp -s "$T/src/exfiltrate/target/exfiltrate.jar" "$DIR/exfiltrate.jar" || fail "the new exfiltrate.jar is not installed"
  local inode
  for inode in $inodes_before; do
    if stat -c %i "$DIR/infiltrate.jar" "$DIR/exfiltrate.jar" | grep -qx "$inode"; then
      fail "a jar was overwritten in place (same inode $inode), not renamed into place"
    fi
  done
  gone "$old" || fail "the old server (pid $old) still runs"
  [ "$(server_pid)" != "$old" ] || fail "the pid file still names the old server"
  [ "$(ping_status)" = 200 ] || fail "the new server does not answer /ping"
  grep -q ' INFO stopped; all data stored$' "$DIR/infiltrate.log" || fail "the old server did not stop in order"
  [ ! -s "$T/sender-failures" ] || fail "exfiltrate runs failed: $(cat "$T/sender-failures"; tail -n 20 "$T"/sender.*.log)"

  for node in $(seq "$SENDERS"); do
    grep -q 'is unavailable (Connection refused); trying again next run' "$T/sender.$node.log" ||
      fail "no run of node $node gave up in the gap; the test tested less than it should"
  done

  # Whatever is still spooled goes with one more run per node, as the next cron run would send it.
  for node in $(seq "$SENDERS"); do
    "$DIR/exfiltrate" -window 0 -cluster test -source sonar/csvnamed -output json \
      -target "http://127.0.0.1:$PORT" -spool-dir "$T/spool.$node" </dev/null >>"$T/sender.$node.log" 2>&1 ||
      fail "the last run of node $node failed: $(tail -n 5 "$T/sender.$node.log")"
    [ -z "$(find "$T/spool.$node" -name '*.batch')" ] || fail "node $node's spool is not empty: $(ls -R "$T/spool.$node")"
    [ -z "$(find "$T/spool.$node" -path '*rejected*' -type f)" ] || fail "node $node had batches rejected: $(ls -R "$T/spool.$node")"
  done

  # An orderly stop writes every file; then each record sent must be stored, once.
  "$DIR/infiltratectl" stop >/dev/null
  local sent stored
  for node in $(seq "$SENDERS"); do
    sent=$(sort -n "$T/sent.$node")
    stored=$(stored_jobs "n$node" | sort -n)
    [ -z "$(echo "$stored" | uniq -d)" ] || fail "node $node: records stored twice: $(echo "$stored" | uniq -d | tr '\n' ' ')"
    [ "$stored" = "$sent" ] || fail "node $node: records lost: $(comm -23 <(echo "$sent" | sort) <(echo "$stored" | sort) | tr '\n' ' ')"
  done
}
