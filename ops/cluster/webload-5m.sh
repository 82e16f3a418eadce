#!/usr/bin/env bash
# Every five minutes: the load of every host of @CLUSTER@ over the last day, sample by sample, with
# downtime (<host>-minutely.json); the front page's at-a-glance table; the list of hosts with load
# reports. Then uploads them, when UPLOAD_TARGET is set in analysis.conf.
set -euo pipefail
dir="@DIR@"
cluster="@CLUSTER@"
script=webload-5m
# shellcheck source=analysis-lib.sh
. "$dir/analysis-lib.sh"
begin webload-5m

naicreport load "${sonalyze_flag[@]}" -config-file "$nodes" -data-path "$data" -output-path "$reports" \
  -with-downtime -tag minutely -none
naicreport_to "$reports/$REPORT_PREFIX-at-a-glance.json" at-a-glance "${sonalyze_flag[@]}" -config-file "$nodes" \
  -data-path "$data" -state-path "$state" -tag "$TAG"
naicreport_to "$reports/$REPORT_PREFIX-hostnames.json" hostnames "$reports"
shopt -s nullglob
upload "$reports"/*-minutely.json "$reports/$REPORT_PREFIX-at-a-glance.json" "$reports/$REPORT_PREFIX-hostnames.json"
