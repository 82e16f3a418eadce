#!/usr/bin/env bash
# Keeps this installation's infiltrate server up: restarts it when its pid file is missing or stale,
# when the process is gone or is not this installation's server, or when GET /ping does not answer 200
# in time. Each restart is one line on stderr (cron mails it) and in infiltrate.log, saying which check
# failed. Silent when all is well, and while the server is stopped on purpose (infiltratectl stop).
# Run by cron every five minutes (sonar-server.cron). The work is done by infiltratectl, beside it.
set -euo pipefail
exec "$(dirname "$0")/infiltratectl" check
