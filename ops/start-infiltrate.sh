#!/usr/bin/env bash
# Starts this installation's infiltrate server, detached, with its output appended to infiltrate.log;
# refuses when it already runs. Run by cron at boot (sonar-server.cron) and by hand.
# The work is done by infiltratectl, beside this script.
set -euo pipefail
exec "$(dirname "$0")/infiltratectl" start
