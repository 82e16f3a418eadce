#!/usr/bin/env bash
# Upgrades an installation (default ~/sonar) to this source tree's version without losing data:
# builds and installs the new files (install.sh: each is written beside the old one and renamed over
# it, so running programs keep the copy they opened), then restarts the server the way it runs, by
# infiltratectl (cron) or by systemctl (a unit): the old server stops accepting, answers what is in
# flight, stores everything and exits; the new one starts; this waits until GET /ping answers 200.
# Senders that try during the gap of a few seconds find the port closed, keep their batches in their
# spool and send them on their next run.
set -euo pipefail

usage() {
  cat >&2 <<'EOF'
usage: ops/upgrade.sh [--dir DIR] [--no-build]
  --dir DIR     installation directory (default ~/sonar)
  --no-build    install the jars already built in infiltrate/target, exfiltrate/target and sonalyze/target
EOF
  exit 2
}

die() {
  echo "upgrade.sh: $*" >&2
  exit 1
}

src=$(cd "$(dirname "$0")/.." && pwd -P)
dir=${HOME:?HOME is not set}/sonar
install_flags=(--quiet)
while [ $# -gt 0 ]; do
  case $1 in
    --dir) [ $# -ge 2 ] || usage; dir=$2; shift 2 ;;
    --no-build) install_flags+=(--no-build); shift ;;
    *) usage ;;
  esac
done
[ -f "$dir/infiltrate.conf" ] || die "no installation in $dir (no infiltrate.conf): install with ops/install.sh --dir $dir"
dir=$(cd "$dir" && pwd -P)

# Whether infiltrate.service of that service manager (--user or --system) runs this installation.
runs_unit() {
  command -v systemctl >/dev/null || return 1
  systemctl "$1" is-active --quiet infiltrate.service 2>/dev/null || return 1
  systemctl "$1" show -P ExecStart infiltrate.service 2>/dev/null | grep -qF "path=$dir/infiltrate ;"
}

# Makes the unit systemd uses the same as the one install.sh wrote; says how when it cannot.
refresh_unit() { # --user|--system written-unit
  local used
  used=$(systemctl "$1" show -P FragmentPath infiltrate.service)
  cmp -s "$2" "$used" && return 0
  if [ "$1" = --user ] || [ "$(id -u)" = 0 ]; then
    cp "$2" "$used.new.$$" && mv -f "$used.new.$$" "$used"
    systemctl "$1" daemon-reload
    echo "updated $used"
  else
    echo "upgrade.sh: $used differs from $2; to use the new unit:" >&2
    echo "  sudo cp $2 $used && sudo systemctl daemon-reload && sudo systemctl restart infiltrate" >&2
  fi
}

# Waits for the new server's 200 to /ping, for as long as a start may take.
await_ping() {
  local deadline=$((SECONDS + 60))
  until "$dir/infiltratectl" ping 2>/dev/null; do
    [ $SECONDS -lt $deadline ] || die "the new infiltrate does not answer /ping after 60 s: $("$dir/infiltratectl" ping 2>&1 || true)"
    sleep 0.2
  done
}

"$src/ops/install.sh" --dir "$dir" "${install_flags[@]}"

started=$SECONDS
if runs_unit --user; then
  refresh_unit --user "$dir/infiltrate-user.service"
  systemctl --user restart infiltrate.service
  await_ping
  how="systemctl --user restart infiltrate"
elif runs_unit --system; then
  refresh_unit --system "$dir/infiltrate.service"
  systemctl --no-ask-password restart infiltrate.service ||
    die "cannot restart the system unit; the new files are installed and the old server still runs: sudo systemctl restart infiltrate"
  await_ping
  how="systemctl restart infiltrate"
elif old=$("$dir/infiltratectl" pid); then
  "$dir/infiltratectl" restart
  how="infiltratectl restart (pid $old before)"
else
  echo "infiltrate of $dir is not running; the new version starts with: $dir/start-infiltrate.sh"
  exit 0
fi
echo "upgraded $dir: infiltrate restarted by $how in $((SECONDS - started)) s; GET /ping answers 200"
