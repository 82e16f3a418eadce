# shellcheck shell=bash
# The systemd units, as install.sh writes them, pass systemd-analyze verify without a word.

test_units_pass_systemd_analyze_verify() {
  if ! command -v systemd-analyze >/dev/null; then
    echo "systemd-analyze is not installed (apt-get install systemd)"
    exit 77
  fi
  install_here
  systemd-analyze verify "$DIR/infiltrate.service" >"$T/system.out" 2>&1 ||
    fail "systemd-analyze verify rejects infiltrate.service: $(cat "$T/system.out")"
  [ ! -s "$T/system.out" ] || fail "systemd-analyze verify warns about infiltrate.service: $(cat "$T/system.out")"

  # Verified as a user unit; a manager for the check needs a runtime directory, which a session has.
  mkdir -m 700 "$T/runtime"
  XDG_RUNTIME_DIR=$T/runtime systemd-analyze --user verify "$DIR/infiltrate-user.service" >"$T/user.out" 2>&1 ||
    fail "systemd-analyze --user verify rejects infiltrate-user.service: $(cat "$T/user.out")"
  [ ! -s "$T/user.out" ] || fail "systemd-analyze --user verify warns about infiltrate-user.service: $(cat "$T/user.out")"
}

test_units_stop_by_sigterm_with_time_to_drain_and_restart_always() {
  install_here
  local unit
  for unit in infiltrate.service infiltrate-user.service; do
    for line in Restart=always KillSignal=SIGTERM TimeoutStopSec=30 LimitNOFILE=65536 \
      "ExecStart=$DIR/infiltrate -port \${PORT} -data-path \${DATA_PATH} \$FLAGS \$DASHBOARD" \
      "ExecReload=$DIR/infiltratectl reload" "EnvironmentFile=$DIR/infiltrate.conf"; do
      grep -qxF "$line" "$DIR/$unit" || fail "$unit lacks $line"
    done
  done
  grep -qxF "ReadWritePaths=-$DIR/data" "$DIR/infiltrate.service" || fail "infiltrate.service may not write the data path"
  grep -qxF "User=$(id -un)" "$DIR/infiltrate.service" || fail "infiltrate.service does not run as $(id -un)"
}

test_system_unit_is_confined() {
  if ! systemd-analyze security --help 2>/dev/null | grep -q -- '--threshold'; then
    echo "this systemd-analyze cannot rate a unit file offline (systemd 250 or later can)"
    exit 77
  fi
  install_here
  # 2.5 of 10 is "OK"; the unit rates 1.9 as root, better as another user.
  systemd-analyze security --offline=yes --threshold=25 "$DIR/infiltrate.service" >"$T/security.out" 2>&1 ||
    fail "infiltrate.service is less confined than it should be: $(tail -n 1 "$T/security.out")"
}
