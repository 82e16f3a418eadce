#!/usr/bin/env bash
# What idempotency keys cost the server for a site of NODES nodes sending one batch each every INTERVAL
# seconds, over the 24 h window: heap per key, lookup, hashing, the ledger file and reading it at start.
#
#   bench/keys.sh
#   NODES=20000 INTERVAL=60 bench/keys.sh
set -euo pipefail
cd "$(dirname "$0")/.."

NODES=${NODES:-5000}
INTERVAL=${INTERVAL:-300}
mvn -q -B -ntp -pl infiltrate -am test-compile
java=${JAVA_HOME:+$JAVA_HOME/bin/}java
# The heap the launcher gives the server, so that the figures are the server's.
exec "$java" -Xmx256m -XX:+UseG1GC \
  -cp infiltrate/target/classes:infiltrate/target/test-classes:sonar-files/target/classes \
  sonar.infiltrate.store.KeysBenchmark "$NODES" "$INTERVAL"
