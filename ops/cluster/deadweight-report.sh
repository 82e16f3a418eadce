#!/usr/bin/env bash
# Twice a day: prints the zombie jobs of @CLUSTER@ found in the last four weeks and not reported before
# (cron mails them), then writes the dashboard's list of them, <prefix>-deadweight-report.json.
set -euo pipefail
dir="@DIR@"
cluster="@CLUSTER@"
script=deadweight-report
# shellcheck source=analysis-lib.sh
. "$dir/analysis-lib.sh"
begin deadweight

naicreport deadweight -data-path "$state" -from 4w
naicreport_to "$reports/$REPORT_PREFIX-deadweight-report.json" deadweight -data-path "$state" -from 4w -json
