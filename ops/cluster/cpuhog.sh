#!/usr/bin/env bash
# Every two hours: the jobs of @CLUSTER@ that use much CPU and no GPU, appended to today's cpuhog.csv in
# the state directory, where cpuhog-report.sh reads them. It must run often enough that no job id is
# reused on a host between two runs.
set -euo pipefail
dir="@DIR@"
cluster="@CLUSTER@"
script=cpuhog
# shellcheck source=analysis-lib.sh
. "$dir/analysis-lib.sh"
begin cpuhog

append_jobs cpuhog.csv --data-path "$data" --config-file "$nodes" -u - --no-gpu --min-rcpu-peak=10 \
  --min-runtime=10m --fmt=csvnamed,tag:cpuhog,now,std,cpu-peak,gpu-peak,rcpu,rmem,start,end,cmd "$@"
