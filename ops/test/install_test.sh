# shellcheck shell=bash
# install.sh: the layout, and a second run that changes nothing and keeps data and configuration.

# Every file of the installation with its checksum, but for what runs produce (logs, pid, archives).
listing() {
  (cd "$DIR" && find . -type f ! -path './data/*' ! -name '*.log*' ! -name '*.pid' ! -name '*.jsa*' \
    ! -name '.infiltratectl.lock' -print0 | sort -z | xargs -0 sha256sum)
}

test_install_creates_the_layout() {
  install_here
  local name
  for name in infiltrate infiltrate.jar exfiltrate exfiltrate.jar sonalyze sonalyze.jar infiltratectl start-infiltrate.sh watchdog.sh \
    sonar-server.cron infiltrate.service infiltrate-user.service doc/README.md doc/docs/admin.md infiltrate.conf; do
    [ -f "$DIR/$name" ] || fail "no $name in the installation"
  done
  [ -d "$DIR/data" ] || fail "no data directory"
  if [ -f "$SRC/exfiltrate/target/exfiltrate-node.tar.gz" ]; then
    cmp -s "$SRC/exfiltrate/target/exfiltrate-node.tar.gz" "$DIR/exfiltrate-node.tar.gz" || fail "the node package was not installed"
  fi
  for name in infiltrate exfiltrate sonalyze infiltratectl start-infiltrate.sh watchdog.sh; do
    [ -x "$DIR/$name" ] || fail "$name is not executable"
  done
  cmp -s "$SRC/README.md" "$DIR/doc/README.md" || fail "doc/README.md is not a copy of the source's"
  [ "$("$DIR/sonalyze" version)" = "sonalyze version(0.1.0) features()" ] || fail "the installed sonalyze does not run"
  grep -qxF "PORT=$PORT" "$DIR/infiltrate.conf" || fail "the configuration does not have PORT=$PORT"
  grep -qxF "DATA_PATH=$DIR/data" "$DIR/infiltrate.conf" || fail "the configuration does not have DATA_PATH=$DIR/data"
  grep -qxF "*/5 * * * * $DIR/watchdog.sh" "$DIR/sonar-server.cron" || fail "no watchdog line in sonar-server.cron"
  grep -qxF "@reboot $DIR/start-infiltrate.sh >/dev/null" "$DIR/sonar-server.cron" || fail "no @reboot line in sonar-server.cron"
  ! grep -q '@[A-Z_]*@' "$DIR"/sonar-server.cron "$DIR"/*.service || fail "a placeholder was left: $(grep '@[A-Z_]*@' "$DIR"/sonar-server.cron "$DIR"/*.service)"
}

test_installed_documentation_has_no_dead_links() {
  install_here
  local doc link target dead=()
  while IFS= read -r doc; do
    # Relative links of the form ](path) or ](path#anchor); web links and in-page anchors are not files.
    while IFS= read -r link; do
      target=${link%%#*}
      [ -e "$(dirname "$doc")/$target" ] || dead+=("${doc#"$DIR/doc/"}: $link")
    done < <(grep -o '](\([^)#:]*\)\(#[^)]*\)\?)' "$doc" | sed 's/^](//; s/)$//' | grep -v '^$')
  done < <(find "$DIR/doc" -name '*.md')
  [ ${#dead[@]} -eq 0 ] || fail "dead links in the installed documentation: ${dead[*]}"
  [ -f "$DIR/doc/infiltrate/DESIGN.md" ] || fail "the design notes were not installed"
}

test_install_twice_changes_nothing_and_keeps_data_and_configuration() {
  install_here
  start_server
  post_record n1 1
  sed -i 's/^FLAGS=.*/FLAGS="-checkpoint-interval 10"/' "$DIR/infiltrate.conf"
  local before
  before=$(listing)

  "$SRC/ops/install.sh" --dir "$DIR" --port 1 --no-build >"$T/again.out" 2>&1 || fail "the second install failed: $(cat "$T/again.out")"
  grep -qxF "$DIR is up to date" "$T/again.out" || fail "the second install said: $(cat "$T/again.out")"
  grep -qF "kept $DIR/infiltrate.conf as it is: --port applies to a new installation only" "$T/again.out" ||
    fail "the second install does not say that it ignored --port: $(cat "$T/again.out")"
  [ "$(listing)" = "$before" ] || fail "the second install changed files: $(diff <(echo "$before") <(listing))"
  grep -qxF 'FLAGS="-checkpoint-interval 10"' "$DIR/infiltrate.conf" || fail "the configuration was not kept"
  await_stored n1 1
  [ "$(ping_status)" = 200 ] || fail "the server stopped answering during the install"

  # A changed source file is installed, the rest stays as it is.
  local new=$T/src
  mkdir -p "$new/infiltrate/target" "$new/exfiltrate/target" "$new/sonalyze/target" "$new/naicreport/target"
  cp -r "$SRC/ops" "$SRC/bin" "$new/"
  (cd "$SRC" && cp --parents README.md docs/*.md ./*/DESIGN.md "$new/")
  cp "$SRC/infiltrate/target/infiltrate.jar" "$new/infiltrate/target/"
  cp "$SRC/exfiltrate/target/exfiltrate.jar" "$new/exfiltrate/target/"
  cp "$SRC/sonalyze/target/sonalyze.jar" "$new/sonalyze/target/"
  cp "$SRC/naicreport/target/naicreport.jar" "$new/naicreport/target/"
  echo "A line added for the test." >>"$new/docs/admin.md"
  "$new/ops/install.sh" --dir "$DIR" --no-build >"$T/third.out" 2>&1 || fail "the third install failed: $(cat "$T/third.out")"
  grep -qxF "installed in $DIR: doc/docs/admin.md" "$T/third.out" || fail "the third install said: $(cat "$T/third.out")"
  cmp -s "$new/docs/admin.md" "$DIR/doc/docs/admin.md" || fail "the changed docs/admin.md was not installed"
}

test_install_without_clusters_leaves_the_dashboard_off() {
  install_here
  if grep -q '^DASHBOARD=' "$DIR/infiltrate.conf" || [ -e "$DIR/dashboard-auth.txt" ]; then
    fail "an installation without clusters has a dashboard: $(grep DASHBOARD "$DIR/infiltrate.conf")"
  fi
  start_server
  [ "$(ping_status)" = 200 ] || fail "the server does not answer /ping"
}

test_launcher_exits_the_jvm_on_out_of_memory_whatever_java_opts() {
  mkdir -p "$T/jdk/bin"
  printf '#!/bin/sh\necho "$@"\n' >"$T/jdk/bin/java"
  chmod +x "$T/jdk/bin/java"
  local args
  args=$(JAVA_HOME=$T/jdk INFILTRATE_JAR=$T/x.jar "$SRC/bin/infiltrate" -port 1)
  [ "$args" = "-XX:+ExitOnOutOfMemoryError -XX:+UseSerialGC -Xms16m -Xmx96m -Xmn12m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -Xss512k -XX:ReservedCodeCacheSize=40m -Djdk.nio.maxCachedBufferSize=262144 -XX:+UnlockExperimentalVMOptions -XX:TrimNativeHeapInterval=1000 -Dfile.encoding=UTF-8 -jar $T/x.jar -port 1" ] ||
    fail "the launcher runs: $args"
  args=$(JAVA_HOME=$T/jdk JAVA_OPTS=-Xmx1g INFILTRATE_JAR=$T/x.jar "$SRC/bin/infiltrate" -port 1)
  [ "$args" = "-XX:+ExitOnOutOfMemoryError -Xmx1g -Dfile.encoding=UTF-8 -jar $T/x.jar -port 1" ] ||
    fail "with JAVA_OPTS, the launcher runs: $args"
  grep -q 'ExitOnOutOfMemoryError' "$SRC/ops/infiltrate.service" "$SRC/ops/infiltrate-user.service" ||
    fail "the units do not say that the server exits on OutOfMemoryError"
}

test_launcher_leaves_out_the_native_heap_trim_on_a_jdk_without_it() {
  mkdir -p "$T/old-jdk/bin"
  # A JDK before 17.0.9: it refuses -XX:TrimNativeHeapInterval, so its -version fails with it.
  printf '#!/bin/sh\ncase "$*" in *TrimNativeHeapInterval*-version) exit 1 ;; esac\necho "$@"\n' >"$T/old-jdk/bin/java"
  chmod +x "$T/old-jdk/bin/java"
  local args
  args=$(JAVA_HOME=$T/old-jdk INFILTRATE_JAR=$T/x.jar "$SRC/bin/infiltrate" -port 1)
  [ "$args" = "-XX:+ExitOnOutOfMemoryError -XX:+UseSerialGC -Xms16m -Xmx96m -Xmn12m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=30 -Xss512k -XX:ReservedCodeCacheSize=40m -Djdk.nio.maxCachedBufferSize=262144 -Dfile.encoding=UTF-8 -jar $T/x.jar -port 1" ] ||
    fail "on a JDK without the native heap trim, the launcher runs: $args"
}
