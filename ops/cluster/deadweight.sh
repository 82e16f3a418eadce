#!/usr/bin/env bash
# Every two hours: the zombie and defunct jobs of @CLUSTER@, appended to today's deadweight.csv in the
# state directory, where deadweight-report.sh reads them.
set -euo pipefail
dir="@DIR@"
cluster="@CLUSTER@"
script=deadweight
# shellcheck source=analysis-lib.sh
. "$dir/analysis-lib.sh"
begin deadweight

append_jobs deadweight.csv --data-path "$data" -u - --zombie --fmt=csvnamed,tag:deadweight,now,std,start,end,cmd "$@"
