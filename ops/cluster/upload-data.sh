#!/usr/bin/env bash
# Every hour: copies every report of @CLUSTER@ to UPLOAD_TARGET with scp, when it is set in
# analysis.conf (off by default: the dashboard of this installation reads the reports where they are).
set -euo pipefail
dir="@DIR@"
cluster="@CLUSTER@"
script=upload-data
# shellcheck source=analysis-lib.sh
. "$dir/analysis-lib.sh"
settings
[ -n "$UPLOAD_TARGET" ] || exit 0
lock upload
shopt -s nullglob
upload "$reports"/*.json
