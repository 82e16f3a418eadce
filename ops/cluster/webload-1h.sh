#!/usr/bin/env bash
# Every hour: the hourly load of every host of @CLUSTER@ over the last day (<host>-daily.json) and week
# (<host>-weekly.json), with downtime; and the weekly load of each subcluster named in SUBCLUSTERS in
# analysis.conf (<prefix>-<name>-weekly.json).
set -euo pipefail
dir="@DIR@"
cluster="@CLUSTER@"
script=webload-1h
# shellcheck source=analysis-lib.sh
. "$dir/analysis-lib.sh"
begin webload-1h

naicreport load "${sonalyze_flag[@]}" -config-file "$nodes" -data-path "$data" -output-path "$reports" \
  -with-downtime -tag daily -hourly
naicreport load "${sonalyze_flag[@]}" -config-file "$nodes" -data-path "$data" -output-path "$reports" \
  -with-downtime -tag weekly -hourly -from 7d
read -r -a subclusters <<<"$SUBCLUSTERS"
for subcluster in "${subclusters[@]}"; do
  name=${subcluster%%=*}
  patterns=${subcluster#*=}
  if [ "$name" = "$subcluster" ] || [ -z "$name" ] || [ -z "$patterns" ]; then
    fail "SUBCLUSTERS in analysis.conf: \"$subcluster\" is not name=host-patterns"
  fi
  naicreport load "${sonalyze_flag[@]}" -config-file "$nodes" -data-path "$data" -output-path "$reports" \
    -tag "$REPORT_PREFIX-$name-weekly" -hourly -from 7d -cluster "$patterns"
done
