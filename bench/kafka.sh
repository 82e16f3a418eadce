#!/usr/bin/env bash
# Kafka benchmark for infiltrate, against a standalone broker on this machine (jars resolved by Maven into
# bench/kafka/target/jars; nothing downloaded by hand):
#   1. front end -> Kafka -> consumer: wrk posts to a front end (-kafka-publish) over 256 connections
#      (10-record 0.7 JSON batches, then one 2 KiB sample envelope per request, 5,000 hosts); prints what the
#      front end answered (every answer after Kafka had the request) and how long the consumer took to
#      store the last of it;
#   2. catch-up: BACKLOG sample envelopes (1,000,000) sent to Kafka as sonar sends them while no consumer
#      runs, then a consumer started: prints how fast it stores the backlog.
# Compare with bench/load.sh, the HTTP path on the same machine.
#
#   bench/kafka.sh
#   BACKLOG=200000 DURATION=10s PARTITIONS=4 bench/kafka.sh
#
# Needs wrk (apt-get install wrk) and about 2 KiB of disk per backlog record, twice (Kafka and the tree).
set -euo pipefail
cd "$(dirname "$0")/.."

BACKLOG=${BACKLOG:-1000000}
DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-5s}
# A front end answers each request once Kafka has acknowledged it, a few milliseconds on: it takes as many
# requests a second as it has connections waiting, so it is measured with many, as many nodes send.
CONNECTIONS=${CONNECTIONS:-256}
PARTITIONS=${PARTITIONS:-6}
BROKER_PORT=${BROKER_PORT:-19092}
CONTROLLER_PORT=${CONTROLLER_PORT:-19093}
FRONT_PORT=${FRONT_PORT:-18087}
STORE_PORT=${STORE_PORT:-18088}
command -v wrk >/dev/null || { echo "bench/kafka.sh: needs wrk (apt-get install wrk)" >&2; exit 1; }
[ -f infiltrate/target/infiltrate.jar ] || mvn -q -B -ntp package -DskipTests
jars=bench/kafka/target/jars
[ -d "$jars" ] || mvn -q -B -ntp -f bench/kafka/pom.xml dependency:copy-dependencies -DoutputDirectory=target/jars
java=${JAVA_HOME:+$JAVA_HOME/bin/}java

work=$(mktemp -d)
pids=()
cleanup() {
  local pid
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT

# The broker: KRaft, broker and controller in one, one replica, forced to disk as Kafka does by default
# (by replication, not per record).
cat >"$work/server.properties" <<PROPERTIES
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$CONTROLLER_PORT
listeners=PLAINTEXT://127.0.0.1:$BROKER_PORT,CONTROLLER://127.0.0.1:$CONTROLLER_PORT
advertised.listeners=PLAINTEXT://127.0.0.1:$BROKER_PORT
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$work/kafka
num.partitions=$PARTITIONS
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
auto.create.topics.enable=false
message.max.bytes=34603008
PROPERTIES
"$java" -cp "$jars/*" kafka.tools.StorageTool format -t "$("$java" -cp "$jars/*" kafka.tools.StorageTool random-uuid)" \
  -c "$work/server.properties" >/dev/null
"$java" -Xmx1g -cp "$jars/*" kafka.Kafka "$work/server.properties" >"$work/broker.log" 2>&1 &
pids+=($!)
for _ in $(seq 300); do (exec 3<>"/dev/tcp/127.0.0.1/$BROKER_PORT") 2>/dev/null && break; sleep 0.1; done
brokers=127.0.0.1:$BROKER_PORT

start() { # name port flags...: starts an infiltrate, waits until it listens
  local name=$1 port=$2
  shift 2
  mkdir -p "$work/$name"
  INFILTRATE_JAR=infiltrate/target/infiltrate.jar ./bin/infiltrate -data-path "$work/$name" -port "$port" \
    -kafka-brokers "$brokers" "$@" 2>"$work/$name.log" &
  pids+=($!)
  for _ in $(seq 300); do grep -q "listening on port" "$work/$name.log" && return; sleep 0.1; done
  cat "$work/$name.log" >&2
  exit 1
}
metric() { # port series: the value of a series as /metrics writes it, 0 when absent
  curl -s "http://127.0.0.1:$1/metrics" | awk -v series="$2" 'index($0, series " ") == 1 {value = $2} END {printf "%d\n", value}'
}
stored() { metric "$STORE_PORT" 'infiltrate_kafka_records_total{outcome="stored"}'; }
published() { metric "$FRONT_PORT" 'infiltrate_kafka_published_requests_total{outcome="ok"}'; }
drained() { # target: seconds until the consumer has stored that many records
  local target=$1 start=$SECONDS
  until [ "$(stored)" -ge "$target" ]; do sleep 0.2; done
  echo $((SECONDS - start))
}

echo "infiltrate through Kafka: $(nproc) cores shared by broker, front end, consumer and load generator;" \
  "$PARTITIONS partitions a topic"
start store "$STORE_PORT" -kafka-group bench
start front "$FRONT_PORT" -kafka-publish
run() { # format hosts duration
  FORMAT=$1 HOSTS=$2 wrk -t2 -c"$CONNECTIONS" -d"$3" -s bench/load.lua "http://127.0.0.1:$FRONT_PORT" \
    | grep '^RESULT' | sed 's/^RESULT //'
}
run readings 5000 "$WARMUP" >/dev/null
echo "front end, 0.7 JSON, 10 records/request, 5000 hosts: $(run readings 5000 "$DURATION")"
echo "  consumer stored the last of it $(drained "$(published)") s after the load ended"
run envelope 5000 "$WARMUP" >/dev/null
echo "front end, envelopes, 1 sample/request, 5000 hosts: $(run envelope 5000 "$DURATION")"
echo "  consumer stored the last of it $(drained "$(published)") s after the load ended"
kill "${pids[-1]}" "${pids[-2]}"
wait "${pids[-1]}" "${pids[-2]}" 2>/dev/null || true

"$java" -cp "$jars/*" bench/kafka/Backlog.java "$brokers" backlog "$BACKLOG" | sed 's/^/backlog: /'
begin=$(date +%s%N)
start catchup "$STORE_PORT" -kafka-group catchup
until [ "$(stored)" -ge "$BACKLOG" ]; do sleep 0.5; done
awk -v n="$BACKLOG" -v ns="$(($(date +%s%N) - begin))" \
  'BEGIN {printf "consumer catch-up: %d sample envelopes stored in %.1f s from its start: %.0f records/s\n", n, ns / 1e9, n * 1e9 / ns}'
server=$(pgrep -f -n "infiltrate.jar -data-path $work/catchup" || true)
if [ -n "$server" ]; then
  echo "consumer peak memory: $(awk '/VmHWM/ {printf "%.0f MiB", $2/1024}' /proc/"$server"/status)"
fi
