#!/usr/bin/env bash
# Every day: the daily load of every host of @CLUSTER@ over the last month (<host>-monthly.json) and
# quarter (<host>-quarterly.json), with downtime.
set -euo pipefail
dir="@DIR@"
cluster="@CLUSTER@"
script=webload-24h
# shellcheck source=analysis-lib.sh
. "$dir/analysis-lib.sh"
begin webload-24h

naicreport load "${sonalyze_flag[@]}" -config-file "$nodes" -data-path "$data" -output-path "$reports" \
  -with-downtime -tag monthly -daily -from 30d
naicreport load "${sonalyze_flag[@]}" -config-file "$nodes" -data-path "$data" -output-path "$reports" \
  -with-downtime -tag quarterly -daily -from 90d
