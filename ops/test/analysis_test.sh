# shellcheck shell=bash
# shellcheck disable=SC2015 # "check && check || fail": fail when any check fails
# The analyses of a cluster: install.sh --cluster, the cron scripts it installs, their lock, their
# messages, the naicreport launcher.

# Installs the cluster "test" with a node list of two hosts; its sonalyze is a fake (for the plumbing:
# what naicreport and the scripts make of its output is tested elsewhere) unless told otherwise.
install_cluster() {
  PORT=$(free_port)
  write_nodes "$T/nodes.json"
  "$SRC/ops/install.sh" --dir "$DIR" --port "$PORT" --no-build --quiet --cluster test --nodes "$T/nodes.json" \
    >"$T/install.out" 2>&1 || fail "install.sh --cluster failed: $(cat "$T/install.out")"
}

write_nodes() { # file
  cat >"$1" <<'JSON'
[{"hostname":"n1","description":"8 cores <lab>","cpu_cores":8,"mem_gb":16,"gpu_cards":1,"gpumem_gb":8},
 {"hostname":"n2","description":"8 cores, no GPU","cpu_cores":8,"mem_gb":16}]
JSON
}

# A sonalyze that answers every command with canned output and logs its arguments.
fake_sonalyze() {
  cat >"$T/fake-sonalyze" <<'FAKE'
#!/usr/bin/env bash
echo "$*" >>"${0%/*}/sonalyze.log"
case " $* " in
  *" load "*) echo '[{"system":{"hostname":"n1","description":"8 cores <lab>","gpucards":"0"},"records":[{"datetime":"2024-05-01 12:00","cpu":"400","mem":"2","gpu":"0","gpumem":"0","rcpu":"50","rmem":"12.5","rgpu":"0","rgpumem":"0","gpus":"none","host":"n1"}]}]' ;;
  *" uptime "*) echo '[]' ;;
  *" --fmt=csvnamed,tag:cpuhog,"*) echo "now=$(date -u '+%Y-%m-%d %H:%M'),jobm=42>,user=alice,duration=0d 2h 0m,host=n1,cpu-peak=400,gpu-peak=0,rcpu-avg=50,rcpu-peak=50,rmem-avg=12,rmem-peak=12,start=2024-05-01 10:00,end=2024-05-01 12:00,cmd=sim,tag=cpuhog" ;;
  *" --zombie "*) ;;
  *" jobs "*) echo '[{"host":"n1","user":"alice","classification":"0x1","end":"2024-05-01 12:00"}]' ;;
  *) echo "fake sonalyze: no answer for $*" >&2; exit 1 ;;
esac
FAKE
  chmod +x "$T/fake-sonalyze"
  sed -i "s|^SONALYZE=.*|SONALYZE=$T/fake-sonalyze|" "$DIR/scripts/test/analysis.conf"
}

some_data() {
  mkdir -p "$DIR/data/test/2024/05/01"
  record n1 1 >"$DIR/data/test/2024/05/01/n1.csv"
}

run_script() { # name [args...]: runs an installed script; its stdout, stderr and status in $T
  local name=$1
  shift
  status=0
  "$DIR/scripts/test/$name.sh" "$@" >"$T/$name.out" 2>"$T/$name.err" || status=$?
}

test_install_cluster_adds_its_scripts_settings_and_cron_lines() {
  install_cluster
  local name
  for name in webload-5m webload-1h webload-24h cpuhog deadweight cpuhog-report deadweight-report upload-data; do
    [ -x "$DIR/scripts/test/$name.sh" ] || fail "no executable scripts/test/$name.sh"
    grep -qx "[0-9*/,-]* [0-9*/,]* \* \* \* $DIR/scripts/test/$name.sh" "$DIR/sonar-server.cron" ||
      fail "no cron line for $name.sh: $(cat "$DIR/sonar-server.cron")"
  done
  grep -qxF "2-59/5 * * * * $DIR/scripts/test/webload-5m.sh" "$DIR/sonar-server.cron" || fail "webload-5m.sh does not run every 5 minutes"
  grep -qxF "*/5 * * * * $DIR/watchdog.sh" "$DIR/sonar-server.cron" || fail "the logger's lines are gone"
  ! grep -rq '@[A-Z_]*@' "$DIR/scripts" "$DIR/sonar-server.cron" || fail "a placeholder was left: $(grep -r '@[A-Z_]*@' "$DIR/scripts")"
  cmp -s "$T/nodes.json" "$DIR/scripts/test/nodes.json" || fail "nodes.json is not the given node list"
  grep -qxF 'REPORT_PREFIX=test' "$DIR/scripts/test/analysis.conf" || fail "no REPORT_PREFIX in analysis.conf"
  grep -qxF 'UPLOAD_TARGET=""' "$DIR/scripts/test/analysis.conf" || fail "upload is not off by default"
  for name in state/test reports/test; do
    [ -d "$DIR/$name" ] || fail "no directory $name"
  done
  for name in naicreport naicreport.jar analysis-lib.sh; do
    [ -f "$DIR/$name" ] || fail "no $name in the installation"
  done
  grep -qF "cluster test: analyses in $DIR/scripts/test" "$T/install.out" || fail "install.sh said: $(cat "$T/install.out")"
}

test_installed_scripts_pass_shellcheck() {
  command -v shellcheck >/dev/null || { echo "shellcheck is not installed (apt-get install shellcheck)"; exit 77; }
  install_cluster
  (cd "$DIR/scripts/test" && shellcheck -x -P "$DIR" ./*.sh) || fail "shellcheck found problems above"
  (cd "$SRC/ops" && shellcheck -x -P . analysis-lib.sh install.sh cluster/*.sh ../bin/naicreport test/analysis_test.sh) ||
    fail "shellcheck found problems in the sources above"
}

test_a_second_install_keeps_settings_state_and_reports_and_adds_clusters() {
  install_cluster
  sed -i 's/^TAG=.*/TAG="ML Nodes"/' "$DIR/scripts/test/analysis.conf"
  echo kept >"$DIR/state/test/cpuhog-state.csv"
  echo kept >"$DIR/reports/test/test-at-a-glance.json"
  local before
  before=$(cd "$DIR" && find scripts state reports -type f -print0 | sort -z | xargs -0 sha256sum)

  "$SRC/ops/install.sh" --dir "$DIR" --no-build >"$T/again.out" 2>&1 || fail "the second install failed: $(cat "$T/again.out")"
  grep -qxF "$DIR is up to date" "$T/again.out" || fail "the second install said: $(cat "$T/again.out")"
  [ "$(cd "$DIR" && find scripts state reports -type f -print0 | sort -z | xargs -0 sha256sum)" = "$before" ] ||
    fail "the second install changed the cluster's files"

  echo '[{"hostname":"m1","cpu_cores":4,"mem_gb":8}]' >"$T/other.json"
  "$SRC/ops/install.sh" --dir "$DIR" --no-build --cluster other.example.org --nodes "$T/other.json" \
    >"$T/third.out" 2>&1 || fail "the third install failed: $(cat "$T/third.out")"
  grep -qF "sonar-server.cron changed: install it again with: crontab $DIR/sonar-server.cron" "$T/third.out" ||
    fail "the third install did not say that the crontab changed: $(cat "$T/third.out")"
  grep -qxF "2-59/5 * * * * $DIR/scripts/test/webload-5m.sh" "$DIR/sonar-server.cron" || fail "the first cluster lost its lines"
  grep -qxF "2-59/5 * * * * $DIR/scripts/other.example.org/webload-5m.sh" "$DIR/sonar-server.cron" ||
    fail "the second cluster has no lines"
  grep -qxF 'REPORT_PREFIX=other' "$DIR/scripts/other.example.org/analysis.conf" || fail "the prefix is not the first name element"
  grep -qxF 'TAG="ML Nodes"' "$DIR/scripts/test/analysis.conf" || fail "the first cluster's settings were not kept"
  grep -qxF kept "$DIR/state/test/cpuhog-state.csv" || fail "the state was not kept"
}

test_install_refuses_bad_clusters_with_one_line_and_installs_nothing() {
  write_nodes "$T/nodes.json"
  local out
  out=$("$SRC/ops/install.sh" --dir "$DIR" --no-build --cluster ../x --nodes "$T/nodes.json" 2>&1) && fail "a bad name was taken"
  [ "$out" = 'install.sh: --cluster "../x": a cluster name is letters, digits, ".", "_" and "-", and starts with a letter or digit' ] ||
    fail "install.sh said: $out"
  out=$("$SRC/ops/install.sh" --dir "$DIR" --no-build --cluster x --nodes "$T/none.json" 2>&1) && fail "a missing node list was taken"
  [ "$out" = "install.sh: --nodes $T/none.json (cluster x): no such readable file" ] || fail "install.sh said: $out"
  echo '[{"hostname":"a","cpu_cores":8}]' >"$T/bad.json"
  out=$("$SRC/ops/install.sh" --dir "$DIR" --no-build --cluster x --nodes "$T/bad.json" 2>&1) && fail "a bad node list was taken"
  [ "$out" = "install.sh: --nodes for cluster x: config file $T/bad.json: Nonsensical CPU/memory information for a; nothing was installed" ] ||
    fail "install.sh said: $out"
  [ ! -e "$DIR" ] || fail "something was installed: $(ls -R "$DIR")"
}

test_scripts_on_a_cluster_without_data_say_so_in_one_line() {
  install_cluster
  local name
  for name in webload-5m webload-1h webload-24h cpuhog deadweight cpuhog-report deadweight-report; do
    run_script "$name"
    [ "$status" = 0 ] || fail "$name.sh failed: $(cat "$T/$name.err")"
    [ "$(cat "$T/$name.out")" = "$name: test: no data from this cluster yet in $DIR/data/test; no reports made" ] ||
      fail "$name.sh said: $(cat "$T/$name.out") $(cat "$T/$name.err")"
    [ ! -s "$T/$name.err" ] || fail "$name.sh said on stderr: $(cat "$T/$name.err")"
  done
  [ -z "$(ls -A "$DIR/reports/test")" ] || fail "reports were made: $(ls "$DIR/reports/test")"
  run_script upload-data
  [ "$status" = 0 ] && [ ! -s "$T/upload-data.out" ] && [ ! -s "$T/upload-data.err" ] ||
    fail "upload-data.sh without a target is not silent: $(cat "$T/upload-data.out" "$T/upload-data.err")"
}

test_scripts_run_by_hand_make_the_reports() {
  install_cluster
  fake_sonalyze
  some_data

  run_script webload-5m
  [ "$status" = 0 ] && [ ! -s "$T/webload-5m.out" ] && [ ! -s "$T/webload-5m.err" ] ||
    fail "webload-5m.sh: status $status: $(cat "$T/webload-5m.out" "$T/webload-5m.err")"
  grep -q '^{"date":"[0-9-]* [0-9:]*","hostname":"n1","tag":"minutely","bucketing":"none","labels":\["2024-05-01 12:00"\],"rcpu":\[50\],"rmem":\[12.5\],"system":{"hostname":"n1","description":"8 cores \\u003clab\\u003e"}}$' \
    "$DIR/reports/test/n1-minutely.json" || fail "n1-minutely.json: $(cat "$DIR/reports/test/n1-minutely.json")"
  grep -q '^\[{"hostname":"n1","tag":"test","machine":"8 cores \\u003clab\\u003e","recent":30,' "$DIR/reports/test/test-at-a-glance.json" ||
    fail "test-at-a-glance.json: $(cat "$DIR/reports/test/test-at-a-glance.json")"
  [ "$(cat "$DIR/reports/test/test-hostnames.json")" = '["n1"]' ] || fail "test-hostnames.json: $(cat "$DIR/reports/test/test-hostnames.json")"
  [ "$(stat -c %a "$DIR/reports/test/test-at-a-glance.json")" = 644 ] || fail "the reports are not readable by others"

  sed -i 's/^SUBCLUSTERS=.*/SUBCLUSTERS="small=n[1-2] one=n1"/' "$DIR/scripts/test/analysis.conf"
  run_script webload-1h
  [ "$status" = 0 ] || fail "webload-1h.sh: $(cat "$T/webload-1h.err")"
  for name in n1-daily n1-weekly test-small-weekly test-one-weekly; do
    [ -f "$DIR/reports/test/$name.json" ] || fail "webload-1h.sh made no $name.json"
  done
  grep -qF -- "--hourly --cluster --host n[1-2] --from 7d" "$T/sonalyze.log" &&
    grep -qF -- "--hourly --cluster --host n1 --from 7d" "$T/sonalyze.log" ||
    fail "the subclusters were not asked for: $(cat "$T/sonalyze.log")"
  run_script webload-24h
  [ "$status" = 0 ] && [ -f "$DIR/reports/test/n1-monthly.json" ] && [ -f "$DIR/reports/test/n1-quarterly.json" ] ||
    fail "webload-24h.sh: $(cat "$T/webload-24h.err")"

  run_script cpuhog
  run_script deadweight
  [ "$status" = 0 ] && [ ! -s "$T/cpuhog.out" ] && [ ! -s "$T/deadweight.out" ] || fail "cpuhog.sh or deadweight.sh printed something"
  local log
  log=$DIR/state/test/$(date -u +%Y/%m/%d)/cpuhog.csv
  grep -q '^now=.*,jobm=42>,user=alice,.*,tag=cpuhog$' "$log" || fail "cpuhog.sh appended nothing to $log"
  [ ! -e "${log%cpuhog.csv}deadweight.csv" ] || fail "deadweight.sh appended an empty run"

  run_script cpuhog-report
  [ "$status" = 0 ] || fail "cpuhog-report.sh: $(cat "$T/cpuhog-report.err")"
  grep -qxF 'New CPU hog detected (uses a lot of CPU and no GPU) on host "n1":' "$T/cpuhog-report.out" ||
    fail "cpuhog-report.sh printed: $(cat "$T/cpuhog-report.out")"
  grep -q '^\[{"hostname":"n1","id":42,"user":"alice","cmd":"sim",' "$DIR/reports/test/test-violator-report.json" ||
    fail "test-violator-report.json: $(cat "$DIR/reports/test/test-violator-report.json")"
  run_script cpuhog-report
  [ ! -s "$T/cpuhog-report.out" ] || fail "the hog was reported twice: $(cat "$T/cpuhog-report.out")"
  run_script deadweight-report
  [ "$status" = 0 ] && [ ! -s "$T/deadweight-report.out" ] && [ "$(cat "$DIR/reports/test/test-deadweight-report.json")" = '[]' ] ||
    fail "deadweight-report.sh: $(cat "$T/deadweight-report.out" "$T/deadweight-report.err")"
  [ -z "$(find "$DIR/reports" "$DIR/state" -name '.*' ! -name '.*.lock')" ] ||
    fail "temporary files were left: $(find "$DIR/reports" "$DIR/state" -name '.*')"
}

# Three hours of sonar data up to a minute ago, every five minutes (so that the hosts are up now): on
# n1 a job of alice's that keeps four of its eight cores busy and uses none of the GPU; on n2 a zombie
# of bob's. (A CPU hog is one on a GPU node: with a node list, sonalyze drops the jobs of nodes without
# GPUs from its CPU hog query, as the reference does.)
recent_data() {
  local now i t time day
  now=$(date -u +%s)
  for ((i = 36; i >= 1; i--)); do
    t=$((now - 60 - (i - 1) * 300))
    time=$(date -u -d "@$t" +%Y-%m-%dT%H:%M:%SZ)
    day=$DIR/data/test/$(date -u -d "@$t" +%Y/%m/%d)
    mkdir -p "$day"
    echo "v=0.7.0,time=$time,host=n1,cores=8,user=alice,job=42,pid=4200,cmd=sim,cpu%=400,cpukib=2097152,gpus=none,cputime_sec=$(((37 - i) * 1200))" >>"$day/n1.csv"
    echo "v=0.7.0,time=$time,host=n2,cores=8,user=bob,job=77,pid=7700,cmd=python <defunct>,cpu%=0,cpukib=1024,gpus=none,cputime_sec=30" >>"$day/n2.csv"
  done
}

test_scripts_with_the_installed_sonalyze_make_the_reports_of_the_data() {
  install_cluster
  recent_data

  run_script webload-5m
  [ "$status" = 0 ] && [ ! -s "$T/webload-5m.out" ] && [ ! -s "$T/webload-5m.err" ] ||
    fail "webload-5m.sh: status $status: $(cat "$T/webload-5m.out" "$T/webload-5m.err")"
  grep -q '^{"date":"[0-9-]* [0-9:]*","hostname":"n1","tag":"minutely","bucketing":"none","labels":\[.*\],"rcpu":\[50,50,' \
    "$DIR/reports/test/n1-minutely.json" || fail "n1-minutely.json: $(cat "$DIR/reports/test/n1-minutely.json")"
  [ -f "$DIR/reports/test/n2-minutely.json" ] || fail "no n2-minutely.json"
  grep -qF '{"hostname":"n1","tag":"test","machine":"8 cores \u003clab\u003e","recent":30,"longer":720,"long":1440,"cpu_status":0,"gpu_status":0,"jobs_recent":1,"jobs_longer":1,"users_recent":1,"users_longer":1,"cpu_recent":50,' \
    "$DIR/reports/test/test-at-a-glance.json" || fail "test-at-a-glance.json: $(cat "$DIR/reports/test/test-at-a-glance.json")"
  [ "$(cat "$DIR/reports/test/test-hostnames.json")" = '["n1","n2"]' ] || fail "test-hostnames.json: $(cat "$DIR/reports/test/test-hostnames.json")"
  run_script webload-1h
  run_script webload-24h
  for name in n1-daily n1-weekly n1-monthly n2-quarterly; do
    [ -f "$DIR/reports/test/$name.json" ] || fail "no $name.json: $(cat "$T/webload-1h.err" "$T/webload-24h.err")"
  done

  run_script cpuhog
  [ "$status" = 0 ] && [ ! -s "$T/cpuhog.out" ] || fail "cpuhog.sh: $(cat "$T/cpuhog.out" "$T/cpuhog.err")"
  run_script deadweight
  [ "$status" = 0 ] && [ ! -s "$T/deadweight.out" ] || fail "deadweight.sh: $(cat "$T/deadweight.out" "$T/deadweight.err")"
  run_script cpuhog-report
  grep -qxF 'New CPU hog detected (uses a lot of CPU and no GPU) on host "n1":' "$T/cpuhog-report.out" &&
    grep -qxF '  Job#: 42' "$T/cpuhog-report.out" && grep -qxF '    CPU peak = 4 cores' "$T/cpuhog-report.out" ||
    fail "cpuhog-report.sh printed: $(cat "$T/cpuhog-report.out" "$T/cpuhog-report.err")"
  grep -q '^\[{"hostname":"n1","id":42,"user":"alice","cmd":"sim",.*"cpu-peak":4,"rcpu-avg":50,"rcpu-peak":50,' \
    "$DIR/reports/test/test-violator-report.json" || fail "test-violator-report.json: $(cat "$DIR/reports/test/test-violator-report.json")"
  run_script deadweight-report
  grep -qxF 'New pointless job detected (zombie, defunct, or hung) on host "n2":' "$T/deadweight-report.out" &&
    grep -qxF '  Command: python <defunct>' "$T/deadweight-report.out" ||
    fail "deadweight-report.sh printed: $(cat "$T/deadweight-report.out" "$T/deadweight-report.err")"
  grep -q '^\[{"hostname":"n2","id":77,"user":"bob",' "$DIR/reports/test/test-deadweight-report.json" ||
    fail "test-deadweight-report.json: $(cat "$DIR/reports/test/test-deadweight-report.json")"
}

test_a_failing_step_says_why_in_one_line_and_keeps_the_last_report() {
  install_cluster
  fake_sonalyze
  some_data
  run_script webload-5m
  local before
  before=$(cat "$DIR/reports/test/test-at-a-glance.json")
  echo '[{"hostname":"n1","cpu_cores":8}]' >"$DIR/scripts/test/nodes.json"
  run_script webload-5m
  [ "$status" = 1 ] || fail "webload-5m.sh with a bad node list exited $status"
  [ "$(cat "$T/webload-5m.err")" = "webload-5m: test: naicreport at-a-glance failed: config file $DIR/scripts/test/nodes.json: Nonsensical CPU/memory information for n1" ] ||
    fail "webload-5m.sh said: $(cat "$T/webload-5m.err")"
  [ ! -s "$T/webload-5m.out" ] || fail "webload-5m.sh printed: $(cat "$T/webload-5m.out")"
  [ "$(cat "$DIR/reports/test/test-at-a-glance.json")" = "$before" ] || fail "the last good report was not kept"
  [ -z "$(find "$DIR/reports" -name '.*')" ] || fail "temporary files were left: $(find "$DIR/reports" -name '.*')"
}

test_a_broken_settings_file_is_one_line() {
  install_cluster
  some_data
  echo 'TAG="ML Nodes' >>"$DIR/scripts/test/analysis.conf"
  run_script webload-1h
  [ "$status" = 1 ] && [ "$(wc -l <"$T/webload-1h.err")" = 1 ] &&
    grep -q "^webload-1h: test: $DIR/scripts/test/analysis.conf is not NAME=value lines: .*unexpected EOF" "$T/webload-1h.err" ||
    fail "webload-1h.sh with a broken analysis.conf said ($status): $(cat "$T/webload-1h.err")"
}

# Holds a cluster's report lock in the background until $T/release exists; its pid in $holder.
hold_lock() { # name
  mkfifo "$T/held"
  flock "$DIR/state/test/.$1.lock" bash -c "echo held >'$T/held'; until [ -e '$T/release' ]; do sleep 0.1; done" &
  holder=$!
  read -r _ <"$T/held"
}

# Whether a flock(1) waits for the lock (on descriptor 9, 30 s) below the given process.
waits_for_lock() { # pid
  local p up
  for p in /proc/[0-9]*; do
    [ "$(tr '\0' ' ' <"$p/cmdline" 2>/dev/null)" = "flock -w 30 9 " ] || continue
    up=${p#/proc/}
    while [ -n "$up" ] && [ "$up" -gt 1 ]; do
      [ "$up" = "$1" ] && return 0
      up=$(sed -n 's/^PPid:\t//p' "/proc/$up/status" 2>/dev/null)
    done
  done
  return 1
}

test_a_second_run_waits_for_the_first_then_gives_up_with_one_line() {
  install_cluster
  fake_sonalyze
  some_data
  hold_lock webload-5m

  sed -i 's/^LOCK_WAIT=.*/LOCK_WAIT=1/' "$DIR/scripts/test/analysis.conf"
  local began=$SECONDS
  run_script webload-5m
  [ "$status" = 1 ] || fail "a run while another holds the lock exited $status"
  [ "$(cat "$T/webload-5m.err")" = "webload-5m: test: the previous webload-5m run still holds $DIR/state/test/.webload-5m.lock after 1 s; this run did nothing" ] ||
    fail "it said: $(cat "$T/webload-5m.err")"
  [ $((SECONDS - began)) -lt 20 ] || fail "it waited $((SECONDS - began)) s, not about 1 s"
  [ ! -e "$DIR/reports/test/n1-minutely.json" ] || fail "it made reports all the same"

  # With time enough, it waits, and runs once the first run is done.
  sed -i 's/^LOCK_WAIT=.*/LOCK_WAIT=30/' "$DIR/scripts/test/analysis.conf"
  run_script webload-5m &
  local second=$!
  wait_until 20 waits_for_lock "$second" || fail "the second run does not wait for the lock"
  touch "$T/release"
  wait "$holder"
  wait "$second" || fail "the second run failed after the first was done: $(cat "$T/webload-5m.err")"
  [ -f "$DIR/reports/test/n1-minutely.json" ] || fail "the second run made no reports"
}

test_upload_copies_the_reports_when_a_target_is_set() {
  command -v scp >/dev/null || { echo "scp is not installed (apt-get install openssh-client)"; exit 77; }
  install_cluster
  fake_sonalyze
  some_data
  mkdir "$T/web"
  sed -i "s|^UPLOAD_TARGET=.*|UPLOAD_TARGET=$T/web/|" "$DIR/scripts/test/analysis.conf"
  run_script webload-5m
  [ "$status" = 0 ] || fail "webload-5m.sh: $(cat "$T/webload-5m.err")"
  [ "$(cd "$T/web" && echo *)" = "n1-minutely.json test-at-a-glance.json test-hostnames.json" ] ||
    fail "webload-5m.sh uploaded: $(ls "$T/web")"
  run_script webload-1h
  run_script upload-data
  [ "$status" = 0 ] && [ -f "$T/web/n1-weekly.json" ] || fail "upload-data.sh: $(cat "$T/upload-data.err")"
  sed -i "s|^UPLOAD_TARGET=.*|UPLOAD_TARGET=$T/nowhere/x/|" "$DIR/scripts/test/analysis.conf"
  run_script upload-data
  [ "$status" = 1 ] && grep -q "^upload-data: test: scp to $T/nowhere/x/ failed: " "$T/upload-data.err" &&
    [ "$(wc -l <"$T/upload-data.err")" = 1 ] || fail "a failed upload said: $(cat "$T/upload-data.err")"
}

test_naicreport_launcher_names_the_java_it_tried() {
  local out status=0
  out=$(JAVA_HOME=$T/nojava "$SRC/bin/naicreport" help 2>&1) || status=$?
  [ "$status" = 1 ] || fail "exit status $status without java"
  [ "$out" = "naicreport: there is no java at \"$T/nojava/bin/java\"; set JAVA_HOME to a Java 17 or later (for example JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64)" ] ||
    fail "it said: $out"
  mkdir -p "$T/oldjava/bin"
  printf '#!/bin/sh\necho '\''openjdk version "11.0.21" 2023-10-17'\'' >&2\n' >"$T/oldjava/bin/java"
  chmod +x "$T/oldjava/bin/java"
  status=0
  out=$(JAVA_HOME=$T/oldjava "$SRC/bin/naicreport" help 2>&1) || status=$?
  [ "$status" = 1 ] && [ "$out" = "naicreport: \"$T/oldjava/bin/java\" is Java 11.0.21; set JAVA_HOME to a Java 17 or later (for example JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64)" ] ||
    fail "with Java 11 it said ($status): $out"
  "$SRC/bin/naicreport" help | grep -qx 'Usage of naicreport:' || fail "help does not print the usage"
}

test_install_cluster_turns_the_dashboard_on_with_credentials_of_its_own() {
  install_cluster
  local readers=$DIR/dashboard-auth.txt password
  [ "$(stat -c %a "$readers")" = 600 ] || fail "dashboard-auth.txt is not 0600"
  password=$(sed -n 's/^admin://p' "$readers")
  [ ${#password} -ge 20 ] || fail "dashboard-auth.txt has no admin with a long password: $(cat "$readers")"
  grep -qxF "DASHBOARD=\"-dashboard-reports $DIR/reports -dashboard-auth-file $readers\"" "$DIR/infiltrate.conf" ||
    fail "infiltrate.conf has no DASHBOARD: $(cat "$DIR/infiltrate.conf")"
  echo '[{"hostname":"n1"}]' >"$DIR/reports/test/test-at-a-glance.json"

  start_server
  [ "$(curl -s --noproxy '*' -u "admin:$password" "http://127.0.0.1:$PORT/dashboard/data/test/test-at-a-glance.json")" = \
    '[{"hostname":"n1"}]' ] || fail "the dashboard does not serve the cluster's report"
  [ "$(curl -s --noproxy '*' -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/dashboard/")" = 401 ] ||
    fail "the dashboard is served without credentials"
  "$DIR/infiltratectl" stop >/dev/null 2>&1

  # Again: the same credentials, one DASHBOARD line; an administrator's DASHBOARD="" stays.
  sed -i 's/^DASHBOARD=.*/DASHBOARD=""/' "$DIR/infiltrate.conf"
  "$SRC/ops/install.sh" --dir "$DIR" --no-build --quiet --cluster test --nodes "$T/nodes.json" >"$T/again.out" 2>&1 ||
    fail "the second install failed: $(cat "$T/again.out")"
  [ "$(sed -n 's/^admin://p' "$readers")" = "$password" ] || fail "the second install changed the password"
  [ "$(grep -c '^DASHBOARD=' "$DIR/infiltrate.conf")" = 1 ] && grep -qx 'DASHBOARD=""' "$DIR/infiltrate.conf" ||
    fail "the second install changed DASHBOARD: $(grep DASHBOARD "$DIR/infiltrate.conf")"
}
