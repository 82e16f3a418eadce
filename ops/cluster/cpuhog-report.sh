#!/usr/bin/env bash
# Twice a day: prints the CPU hogs of @CLUSTER@ found in the last four weeks and not reported before
# (cron mails them), then writes the dashboard's list of them, <prefix>-violator-report.json.
set -euo pipefail
dir="@DIR@"
cluster="@CLUSTER@"
script=cpuhog-report
# shellcheck source=analysis-lib.sh
. "$dir/analysis-lib.sh"
begin cpuhog

naicreport ml-cpuhog -data-path "$state" -from 4w
naicreport_to "$reports/$REPORT_PREFIX-violator-report.json" ml-cpuhog -data-path "$state" -from 4w -json
