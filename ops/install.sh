#!/usr/bin/env bash
# Installs Sonar's server side from this source tree into an installation directory (default ~/sonar):
# builds, then puts there the programs (infiltrate, exfiltrate, sonalyze, naicreport and their jars),
# the scripts that run them, the crontab and systemd units written for that directory, the
# documentation (doc/), a data directory and, on the first install only, the configuration
# infiltrate.conf. Run again, it upgrades the files in place and keeps the data and the configuration.
# With --cluster NAME --nodes FILE (as often as there are clusters) it also sets up the analyses of a
# cluster: see install_clusters below.
#
# Every file is written beside its old copy under a temporary name and renamed over it: a running
# server, sender or script keeps the file it opened, and no one ever sees half a file.
# A running server is not restarted; ops/upgrade.sh does that.
set -euo pipefail

usage() {
  cat >&2 <<'EOF'
usage: ops/install.sh [--dir DIR] [--port PORT] [--no-build] [--quiet] [--cluster NAME --nodes FILE]...
  --dir DIR     installation directory (default ~/sonar)
  --port PORT   port for a new installation's configuration (default 8086)
  --no-build    install the jars already built in the source tree (infiltrate/target and so on)
  --quiet       say only what changed, not what to do next
  --cluster NAME --nodes FILE
                run the analyses of the cluster NAME (its data in DATA_PATH/NAME) from cron, with
                FILE as its node list (JSON); again for each cluster
EOF
  exit 2
}

die() {
  echo "install.sh: $*" >&2
  exit 1
}

src=$(cd "$(dirname "$0")/.." && pwd -P)
dir=${HOME:?HOME is not set}/sonar
port=
build=yes
quiet=
clusters=()
cluster_nodes=()
while [ $# -gt 0 ]; do
  case $1 in
    --dir) [ $# -ge 2 ] || usage; dir=$2; shift 2 ;;
    --port) [ $# -ge 2 ] || usage; port=$2; shift 2 ;;
    --no-build) build=; shift ;;
    --quiet) quiet=yes; shift ;;
    --cluster) if [ $# -lt 4 ] || [ "$3" != --nodes ]; then usage; fi; clusters+=("$2"); cluster_nodes+=("$4"); shift 4 ;;
    *) usage ;;
  esac
done
if [ -n "$port" ]; then
  case $port in '' | *[!0-9]*) die "--port must be a port number, not \"$port\"" ;; esac
  if [ "$port" -lt 1 ] || [ "$port" -gt 65535 ]; then die "--port must be 1 to 65535, not $port"; fi
fi

# The path ends up in crontab lines and systemd units, where these characters need quoting or mean
# something else.
plain_path() { # what value
  case $2 in
    /*) ;;
    *) die "$1 must be an absolute path, not \"$2\"" ;;
  esac
  case $2 in
    *[[:space:]%\"\'\\\|\$\&]*) die "$1 \"$2\" holds a space or one of % \" ' \\ | \$ &; choose a plainer path" ;;
  esac
}

case $dir in /*) ;; *) dir=$PWD/$dir ;; esac
plain_path "the installation directory" "$dir"

# --- The analyses of clusters (--cluster NAME --nodes FILE) --------------------------------------
# naicreport beside the servers; per cluster, in scripts/<cluster>/: the cron scripts of ops/cluster/
# written for it, its node list nodes.json, and on its first install only its settings analysis.conf;
# state/<cluster> and reports/<cluster> for what the scripts keep and write. A cluster installed before
# is upgraded with the rest and keeps its settings, state and reports. sonar-server.cron gets the lines
# of every installed cluster beside the logger's.

# Names go into paths and crontab lines: plain ones only.
for i in "${!clusters[@]}"; do
  case ${clusters[$i]} in
    '' | [.-]* | *[!A-Za-z0-9._-]*)
      die "--cluster \"${clusters[$i]}\": a cluster name is letters, digits, \".\", \"_\" and \"-\", and starts with a letter or digit" ;;
  esac
  for ((j = 0; j < i; j++)); do
    [ "${clusters[$j]}" != "${clusters[$i]}" ] || die "--cluster ${clusters[$i]} is given twice"
  done
  case ${cluster_nodes[$i]} in /*) ;; *) cluster_nodes[i]=$PWD/${cluster_nodes[$i]} ;; esac
  if [ ! -f "${cluster_nodes[$i]}" ] || [ ! -r "${cluster_nodes[$i]}" ]; then
    die "--nodes ${cluster_nodes[$i]} (cluster ${clusters[$i]}): no such readable file"
  fi
done

# Checks the node lists as naicreport reads them, before anything is installed.
check_node_lists() {
  local i problem
  for i in "${!clusters[@]}"; do
    if ! problem=$("$java" -cp "$src/naicreport/target/naicreport.jar" sonar.naicreport.config.NodeListCheck \
      "${cluster_nodes[$i]}" 2>&1); then
      die "--nodes for cluster ${clusters[$i]}: ${problem:-java failed}; nothing was installed"
    fi
  done
}

cluster_settings() { # name
  cat <<EOF
# Settings of the analyses of cluster $1, read by the scripts beside this file at every run. Written once
# by install.sh and never overwritten. NAME=value lines; quote a value with spaces or brackets in "...".

# The dashboard's name of the cluster: the reports are <prefix>-at-a-glance.json, <prefix>-hostnames.json,
# <prefix>-violator-report.json, <prefix>-deadweight-report.json, <prefix>-<subcluster>-weekly.json.
REPORT_PREFIX=${1%%.*}
# What the at-a-glance table says the hosts are ("ML Nodes", say).
TAG="$1"
# Subclusters with a weekly load report of their own: name=host-patterns, separated by spaces, as
#   SUBCLUSTERS="nvidia=ml[1-3,6-9] amd=ml4,ml5"
SUBCLUSTERS=""
# Copy the reports with scp to this place, as user@host:directory (key-based login, no passphrase);
# empty: no copying, the reports stay in $dir/reports/$1.
UPLOAD_TARGET=""
# The sonalyze to run; empty: the one installed here (naicreport runs it in its own JVM).
SONALYZE=""
# Seconds a script waits for the previous run of the same report to end before it gives up with one
# line; runs come every 5 minutes at most.
LOCK_WAIT=120
EOF
}

install_clusters() {
  local i name conf installed=() script
  put "$src/naicreport/target/naicreport.jar" naicreport.jar 644
  put "$src/bin/naicreport" naicreport 755
  put "$src/ops/analysis-lib.sh" analysis-lib.sh 644
  for i in "${!clusters[@]}"; do
    name=${clusters[$i]}
    mkdir -p "$dir/scripts/$name" "$dir/state/$name" "$dir/reports/$name"
    put "${cluster_nodes[$i]}" "scripts/$name/nodes.json" 644
    if [ ! -f "$dir/scripts/$name/analysis.conf" ]; then
      cluster_settings "$name" >"$stage/analysis.conf"
      put "$stage/analysis.conf" "scripts/$name/analysis.conf" 644
      new_clusters+=("$name")
    fi
  done
  for conf in "$dir"/scripts/*/analysis.conf; do
    [ -f "$conf" ] || continue
    name=${conf%/analysis.conf}
    name=${name##*/}
    installed+=("$name")
    mkdir -p "$dir/state/$name" "$dir/reports/$name"
    for script in "$src"/ops/cluster/*.sh; do
      script=${script##*/}
      sed -e "s|@DIR@|$dir|g" -e "s|@CLUSTER@|$name|g" "$src/ops/cluster/$script" >"$stage/$script"
      put "$stage/$script" "scripts/$name/$script" 755
    done
  done
  {
    sed -e "s|@DIR@|$dir|g" "$src/ops/sonar-server.cron"
    for name in "${installed[@]}"; do
      cat <<EOF

# The analyses of cluster $name: reports in $dir/reports/$name, settings in
# $dir/scripts/$name/analysis.conf. What they print is mailed: new CPU hogs and zombies, failures.
2-59/5 * * * * $dir/scripts/$name/webload-5m.sh
3 * * * * $dir/scripts/$name/webload-1h.sh
3 0 * * * $dir/scripts/$name/webload-24h.sh
2 */2 * * * $dir/scripts/$name/cpuhog.sh
2 */2 * * * $dir/scripts/$name/deadweight.sh
3 0,12 * * * $dir/scripts/$name/cpuhog-report.sh
3 0,12 * * * $dir/scripts/$name/deadweight-report.sh
4 * * * * $dir/scripts/$name/upload-data.sh
EOF
    done
  } >"$stage/sonar-server.cron"
  put "$stage/sonar-server.cron" sonar-server.cron 644
  if [ ${#installed[@]} -gt 0 ]; then
    dashboard_settings
  fi
  for name in "${new_clusters[@]}"; do
    echo "cluster $name: analyses in $dir/scripts/$name (settings in analysis.conf there), reports in" \
      "$dir/reports/$name; cron runs them once $dir/sonar-server.cron is installed"
  done
}
new_clusters=()

# The dashboard shows the reports of every installed cluster (so only once there is one, and with it
# reports/, which the server needs to start) on the server's own port. Its readers have
# an auth file of their own, made here with one user and a random password. The setting DASHBOARD goes
# into infiltrate.conf once, when it has none: an administrator's DASHBOARD="" (no dashboard) stays.
dashboard_settings() {
  local readers=$dir/dashboard-auth.txt password
  if [ ! -f "$readers" ]; then
    password=$(head -c 18 /dev/urandom | base64 | tr -d '/+=')
    (umask 077 && echo "admin:$password" >"$readers.new.$$") && mv -f "$readers.new.$$" "$readers"
    changed+=(dashboard-auth.txt)
    echo "dashboard: its readers' credentials are in $readers (user admin)"
  fi
  if ! grep -q '^DASHBOARD=' "$dir/infiltrate.conf"; then
    cat >>"$dir/infiltrate.conf" <<EOF

# The dashboard at /dashboard/ on PORT (the guide, doc/docs/admin.md: "Dashboard"): the reports of the
# clusters, and who may read them (never the senders' auth file). Added by install.sh --cluster;
# DASHBOARD="" turns it off. Restart the server after a change.
DASHBOARD="-dashboard-reports $dir/reports -dashboard-auth-file $readers"
EOF
    changed+=(infiltrate.conf)
    echo "dashboard: set DASHBOARD in $dir/infiltrate.conf; infiltrate serves it at /dashboard/ once restarted"
  fi
}
# --- end of the analyses of clusters -----------------------------------------------------------

java=${JAVA_HOME:+$JAVA_HOME/bin/}java
version=$("$java" -version 2>&1 | sed -n 's/.* version "\([0-9]*\).*/\1/p' | head -n 1) || true
if [ -z "$version" ] || [ "$version" -lt 17 ]; then
  echo "install.sh: warning: the servers need Java 17 or later; \"$java -version\" says ${version:-nothing}" \
    "(install openjdk-17-jre-headless, or set JAVA_HOME in $dir/infiltrate.conf)" >&2
fi
command -v curl >/dev/null || echo "install.sh: warning: the watchdog and infiltratectl need curl: apt-get install curl" >&2

if [ -n "$build" ]; then
  echo "building in $src ..."
  (cd "$src" && mvn -q -B package -DskipTests) || die "the build failed (above); nothing was installed"
fi
for jar in infiltrate/target/infiltrate.jar exfiltrate/target/exfiltrate.jar sonalyze/target/sonalyze.jar \
  naicreport/target/naicreport.jar; do
  [ -f "$src/$jar" ] || die "$src/$jar is missing: build with \"mvn -q -B package -DskipTests\" in $src, or drop --no-build"
done
check_node_lists

mkdir -p "$dir"
dir=$(cd "$dir" && pwd -P) # as infiltratectl sees it, through any symbolic links
plain_path "the installation directory" "$dir"

stage=$(mktemp -d)
trap 'rm -rf "$stage"; find "$dir" -maxdepth 3 -name ".*.new.$$" -delete 2>/dev/null' EXIT
changed=()

# Puts a file in place by rename(2), unless the installed one is already the same.
put() { # source name mode
  local target=$dir/$2
  local tmp=${target%/*}/.${target##*/}.new.$$
  if [ -f "$target" ] && cmp -s "$1" "$target" && [ "$(stat -c %a "$target")" = "$3" ]; then
    return 0
  fi
  cp "$1" "$tmp"
  chmod "$3" "$tmp"
  mv -f "$tmp" "$target"
  changed+=("$2")
}

render() { # template name mode
  sed -e "s|@DIR@|$dir|g" -e "s|@USER@|$user|g" -e "s|@GROUP@|$group|g" -e "s|@DATA_PATH@|$data|g" \
    "$src/ops/$1" >"$stage/$2"
  put "$stage/$2" "$2" "$3"
}

[ -d "$dir/data" ] || mkdir -m 750 "$dir/data"

conf=$dir/infiltrate.conf
new_conf=
if [ ! -f "$conf" ]; then
  cat >"$stage/infiltrate.conf" <<EOF
# Settings of the infiltrate server installed here, read by infiltratectl (start-infiltrate.sh,
# watchdog.sh) and by the systemd units. Written once by install.sh and never overwritten.
# NAME=value lines: no spaces around "=", quote a value with spaces in "...", no \$ or ~ expansion
# (systemd reads this file too). Restart the server after a change:
#   $dir/infiltratectl restart     (or: systemctl restart infiltrate)

# Port of the server (HTTP, or HTTPS when FLAGS has -server-cert without -https-port).
PORT=${port:-8086}
# Where the data goes; it must exist. If you change it, run install.sh again so that the systemd
# unit may write there, and copy the unit again.
DATA_PATH=$dir/data
# Further flags of infiltrate ($dir/doc/docs/admin.md: the flag table, HTTPS, credentials), for example
#   FLAGS="-auth-file /home/sonar/.ssh/exfil-auth.txt -match-user-and-cluster"
FLAGS=""

# Where the watchdog and infiltratectl reach the server (GET /ping, POST /reload). Empty means
# http://127.0.0.1:PORT; for a port that speaks only HTTPS, set https://127.0.0.1:PORT.
URL=""
# JVM options, replacing the launcher's (-XX:+UseSerialGC -Xms16m -Xmx96m, -XX:TrimNativeHeapInterval=1000
# and a few more, see bin/infiltrate; it always adds -XX:+ExitOnOutOfMemoryError), and the JDK to use.
#JAVA_OPTS="-Xmx512m"
#JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64

# The watchdog (cron path only): seconds /ping may take before the server counts as hung; seconds a
# start may take to answer /ping; seconds a stop may take before SIGKILL; size past which
# infiltrate.log is rotated (three old copies are kept).
PING_TIMEOUT=10
START_TIMEOUT=60
STOP_TIMEOUT=30
LOG_MAX_BYTES=10485760
EOF
  put "$stage/infiltrate.conf" infiltrate.conf 640
  new_conf=yes
fi
# shellcheck source=/dev/null
data=$(set +u; DATA_PATH=$dir/data; . "$conf" >/dev/null; echo "$DATA_PATH")
plain_path "DATA_PATH in $conf" "$data"
user=$(id -un)
group=$(id -gn)

# The jars before the launchers that run them; a launcher started in between runs the new jar.
put "$src/infiltrate/target/infiltrate.jar" infiltrate.jar 644
put "$src/exfiltrate/target/exfiltrate.jar" exfiltrate.jar 644
put "$src/sonalyze/target/sonalyze.jar" sonalyze.jar 644
# The node package (launcher, jar and a Java runtime) for nodes without Java, when the build made one.
if [ -f "$src/exfiltrate/target/exfiltrate-node.tar.gz" ]; then
  put "$src/exfiltrate/target/exfiltrate-node.tar.gz" exfiltrate-node.tar.gz 644
fi
put "$src/bin/infiltrate" infiltrate 755
put "$src/bin/exfiltrate" exfiltrate 755
put "$src/bin/sonalyze" sonalyze 755
put "$src/ops/infiltratectl" infiltratectl 755
put "$src/ops/start-infiltrate.sh" start-infiltrate.sh 755
put "$src/ops/watchdog.sh" watchdog.sh 755
render infiltrate.service infiltrate.service 644
render infiltrate-user.service infiltrate-user.service 644
# The documentation with its relative paths kept, so that its links work where it is installed.
while IFS= read -r doc; do
  mkdir -p "$(dirname "$dir/doc/$doc")"
  put "$src/$doc" "doc/$doc" 644
done < <(cd "$src" && { echo README.md; find docs -name '*.md'; find . -mindepth 2 -maxdepth 2 -name DESIGN.md | sed 's|^\./||'; } | sort)
install_clusters

if [ ${#changed[@]} -eq 0 ]; then
  echo "$dir is up to date"
else
  echo "installed in $dir: ${changed[*]}"
fi
if [ -n "$new_conf" ]; then
  echo "created $conf: port ${port:-8086}, data in $data"
elif [ -n "$port" ]; then
  echo "kept $conf as it is: --port applies to a new installation only; edit PORT there"
fi

has() { # name: whether this run changed it
  local name
  for name in "${changed[@]}"; do [ "$name" = "$1" ] && return 0; done
  return 1
}
if [ -z "$new_conf" ]; then
  if [ -z "$quiet" ] && { has infiltrate.jar || has infiltrate; } && pid=$("$dir/infiltratectl" pid 2>/dev/null); then
    echo "infiltrate (pid $pid) still runs the old version until restarted: ops/upgrade.sh does it, or $dir/infiltratectl restart"
  fi
  if has sonar-server.cron; then
    echo "sonar-server.cron changed: install it again with: crontab $dir/sonar-server.cron"
  fi
  if [ -z "$quiet" ] && { has infiltrate.service || has infiltrate-user.service; }; then
    echo "the systemd units changed; if you use one, copy it again ($dir/doc/docs/admin.md: \"Startup on boot, and remaining up\")"
  fi
  if has exfiltrate.jar || has exfiltrate || has exfiltrate-node.tar.gz; then
    echo "exfiltrate changed: copy $dir/exfiltrate and $dir/exfiltrate.jar to the nodes, or unpack $dir/exfiltrate-node.tar.gz there ($dir/doc/docs/admin.md: \"Upgrading infiltrate and exfiltrate\")"
  fi
fi
if [ -n "$quiet" ] || [ -z "$new_conf" ]; then
  exit 0
fi

cat <<EOF

Next steps:
1. Give the server its credentials: FLAGS="-auth-file ..." in $conf
   (the administrator's guide, $dir/doc/docs/admin.md: "Credentials"; without an auth file anyone who can reach the port may send data).
2. Keep it running, by cron or by systemd (the guide: "Startup on boot, and remaining up"):
     crontab -l                        # if this lists entries, merge $dir/sonar-server.cron into them
     crontab $dir/sonar-server.cron    # start at boot, watchdog every five minutes
     $dir/start-infiltrate.sh
   or
     sudo cp $dir/infiltrate.service /etc/systemd/system/
     sudo systemctl daemon-reload && sudo systemctl enable --now infiltrate
3. Check it: $dir/infiltratectl status
4. Put $dir/exfiltrate and $dir/exfiltrate.jar on the nodes, or unpack $dir/exfiltrate-node.tar.gz there, which
   brings its own Java (the guide: "exfiltrate, the sender" and "Upgrading infiltrate and exfiltrate").
EOF
