# shellcheck shell=bash
# The analyses of a cluster: what its scripts share (they lie in scripts/<cluster>/ of the installation
# and source this file, from the installation's top directory). Sourced, not run: the script has set
# -euo pipefail and the variables dir (the installation), cluster and script (its own name).
#
# Cron mails what a job prints. These scripts print only what needs a person: the reports of new CPU
# hogs and zombies, one line when a cluster has no data yet, and one line (on stderr) when a run fails.

# Set by the sourcing script: dir, cluster, script. Set here for the scripts: the settings, data, state,
# reports, nodes, sonalyze_flag.
# shellcheck disable=SC2154,SC2034

# One line on stderr, and the run ends.
fail() {
  echo "$script: $cluster: $*" >&2
  exit 1
}

# Settings: the cluster's analysis.conf, and the data directory (and JDK) of infiltrate.conf.
settings() {
  local conf=$dir/scripts/$cluster/analysis.conf server_conf=$dir/infiltrate.conf
  [ -f "$conf" ] || fail "no settings file $conf: install the cluster with ops/install.sh --cluster $cluster --nodes FILE"
  REPORT_PREFIX=${cluster%%.*}
  TAG=$cluster
  SUBCLUSTERS=
  UPLOAD_TARGET=
  SONALYZE=
  LOCK_WAIT=120
  local problem
  problem=$(bash -n "$conf" 2>&1) || fail "$conf is not NAME=value lines: ${problem//$'\n'/; }"
  # shellcheck source=/dev/null
  . "$conf" || fail "cannot read $conf"
  case $LOCK_WAIT in '' | *[!0-9]*) fail "LOCK_WAIT in $conf must be a number of seconds, not \"$LOCK_WAIT\"" ;; esac
  case $REPORT_PREFIX in '' | */* | .*) fail "REPORT_PREFIX in $conf must be a plain file name prefix, not \"$REPORT_PREFIX\"" ;; esac
  data=$dir/data
  if [ -f "$server_conf" ]; then
    # Only these two: the rest of infiltrate.conf (JAVA_OPTS above all) is the server's.
    # shellcheck source=/dev/null
    data=$(set +u; DATA_PATH=$data; . "$server_conf" >/dev/null 2>&1; echo "$DATA_PATH")
    local jdk
    # shellcheck source=/dev/null
    jdk=$(set +u; . "$server_conf" >/dev/null 2>&1; echo "${JAVA_HOME:-}")
    if [ -n "$jdk" ] && [ -z "${JAVA_HOME:-}" ]; then
      export JAVA_HOME=$jdk
    fi
  fi
  data=$data/$cluster
  state=$dir/state/$cluster
  reports=$dir/reports/$cluster
  nodes=$dir/scripts/$cluster/nodes.json
  if [ ! -d "$state" ] || [ ! -d "$reports" ]; then
    fail "$state or $reports is missing: run ops/install.sh --cluster $cluster --nodes FILE again"
  fi
  [ -f "$nodes" ] || fail "no node list $nodes: run ops/install.sh --cluster $cluster --nodes FILE again"
  if [ -n "$SONALYZE" ]; then
    sonalyze_flag=(-sonalyze "$SONALYZE")
  else
    sonalyze_flag=()
  fi
}

# One run of a report at a time. The lock is the kernel's (flock), so a killed run leaves none behind.
# A run that finds the previous one still going waits LOCK_WAIT seconds for it, then gives up.
lock() { # name
  local lockfile=$state/.$1.lock
  exec 9>"$lockfile" || fail "cannot create the lock file $lockfile"
  flock -w "$LOCK_WAIT" 9 || fail "the previous $1 run still holds $lockfile after $LOCK_WAIT s; this run did nothing"
}

# A cluster that has not sent anything yet gets one line, not an error from every tool.
require_data() {
  if [ ! -d "$data" ] || [ -z "$(find "$data" -name '*.csv' -print -quit 2>/dev/null)" ]; then
    echo "$script: $cluster: no data from this cluster yet in $data; no reports made"
    exit 0
  fi
}

# What every report does first: its settings, its lock, and the check for data.
begin() { # lock-name
  settings
  lock "$1"
  require_data
}

temporaries=()
cleanup() {
  if [ ${#temporaries[@]} -gt 0 ]; then
    rm -f "${temporaries[@]}"
  fi
}
trap cleanup EXIT

# A temporary file beside where the result goes, so that the final rename stays in one file system;
# removed when the run ends. Its name goes into the variable.
temporary() { # variable directory name
  local _made # a name no caller uses for the variable it passes
  _made=$(mktemp "$2/.$3.XXXXXX") || fail "cannot create a temporary file in $2"
  temporaries+=("$_made")
  printf -v "$1" '%s' "$_made"
}

# Runs naicreport; when it fails, says why in one line and ends the run.
naicreport() { # verb args...
  local err
  temporary err "$state" naicreport-stderr
  if ! "$dir/naicreport" "$@" 2>"$err"; then
    fail "naicreport $1 failed: $(reason "$err")"
  fi
  if [ -s "$err" ]; then
    echo "$script: $cluster: naicreport $1 said: $(reason "$err")" >&2
  fi
}

# The reason in what a program printed on stderr: naicreport's line after NAICREPORT FAILED, or else
# the first line, and no more than one line.
reason() { # file
  local line
  line=$(sed -n '/^NAICREPORT FAILED$/{n;p;q}' "$1")
  [ -n "$line" ] || line=$(sed -n '/./{p;q}' "$1")
  echo "${line:-no message}"
}

# Puts a finished file in place: readable by the web server, on disk, then renamed over the old one.
publish() { # temporary target
  chmod 644 "$1"
  sync "$1" || fail "cannot force $1 to disk"
  mv -f "$1" "$2" || fail "cannot rename $1 to $2"
  sync "$(dirname "$2")" || true
}

# Runs a naicreport verb that prints a report and puts the report in a file.
naicreport_to() { # file verb args...
  local target=$1 tmp
  shift
  temporary tmp "$(dirname "$target")" "$(basename "$target")"
  naicreport "$@" >"$tmp"
  publish "$tmp" "$target"
}

# Copies files to UPLOAD_TARGET with scp, when it is set; off by default.
upload() { # files...
  [ -n "$UPLOAD_TARGET" ] || return 0
  [ $# -gt 0 ] || return 0
  local err
  temporary err "$state" scp-stderr
  scp -B -q -p "$@" "$UPLOAD_TARGET" 2>"$err" || fail "scp to $UPLOAD_TARGET failed: $(reason "$err")"
}

# The sonalyze program for the scripts that run it themselves.
sonalyze_program() {
  local program=${SONALYZE:-$dir/sonalyze}
  [ -x "$program" ] || fail "no sonalyze at $program (set SONALYZE in $dir/scripts/$cluster/analysis.conf)"
  echo "$program"
}

# Runs sonalyze jobs and appends what it prints to the day's log in the state directory
# (state/<cluster>/YYYY/MM/DD/<log>, the UTC date, as naicreport reads it). Nothing is appended when
# sonalyze fails or complains, so a log never holds half a run.
append_jobs() { # log sonalyze-arguments...
  local log=$1 program day out err
  shift
  program=$(sonalyze_program)
  day=$state/$(date -u +%Y/%m/%d)
  mkdir -p "$day" || fail "cannot create $day"
  temporary out "$day" "$log"
  temporary err "$state" sonalyze-stderr
  if ! "$program" jobs "$@" >"$out" 2>"$err"; then
    fail "sonalyze jobs failed: $(reason "$err")"
  fi
  [ ! -s "$err" ] || fail "sonalyze jobs complained: $(reason "$err")"
  if [ -s "$out" ]; then
    cat "$out" >>"$day/$log" || fail "cannot append to $day/$log"
    sync "$day/$log" || fail "cannot force $day/$log to disk"
  fi
}
