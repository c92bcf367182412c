#!/usr/bin/env bash
# A single-node KRaft Apache Kafka broker on loopback, from the jars on Maven Central. No Docker.
#   kafka.sh install            resolve the jars into $PES_CACHE (outside the repo)
#   kafka.sh start [NAME PORT]  make the instance's PKI (pnpm pki), format once, start, wait until it
#                               answers (default: "local" on 19094, controller on PORT+1). Secured: TLS
#                               with client certificates only, ACLs (docs/adr/0005-…); credentials in
#                               $PES_CACHE/pki/NAME/<principal>/{ca,cert,key}.pem. PES_KAFKA_ADVERTISED_PORT
#                               gives clients another port to come back on after bootstrap (the fault
#                               matrix's TCP proxy in front of the broker); default PORT
#   kafka.sh stop  [NAME]       stop it and wait for the process to end
#   kafka.sh status [NAME]      exit 0 when it is running
#   kafka.sh class CLASS ARGS   run a class from the same jars (e.g. ProducerPerformance)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
KAFKA_VERSION=$(sed -n 's:.*<kafka.version>\(.*\)</kafka.version>.*:\1:p' "$here/pom.xml")
PES_CACHE=${PES_CACHE:-$HOME/.cache/pes}
LIBS="$PES_CACHE/kafka-$KAFKA_VERSION/libs"
KAFKA_HEAP_OPTS=${KAFKA_HEAP_OPTS:-"-Xms256m -Xmx768m"}

log() { printf '[kafka] %s\n' "$*" >&2; }

install() {
  if [ -f "$LIBS/.complete" ]; then return 0; fi
  log "resolving Kafka $KAFKA_VERSION jars from Maven Central into $LIBS"
  mkdir -p "$LIBS"
  mvn -q -B -f "$here/pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$LIBS" -DincludeScope=runtime >&2
  touch "$LIBS/.complete"
}

instance_dir() { echo "$PES_CACHE/kafka-instances/${1:-local}"; }
# PES_PKI_DIR shares one PKI between instances (a test's own broker trusts the tests' CA).
pki_dir() { echo "${PES_PKI_DIR:-$PES_CACHE/pki/${1:-local}}"; }

# The instance's CA, the broker's certificate and the principals' credentials, idempotently.
ensure_pki() {
  (cd "$repo" && node --import tsx packages/sync/src/cli/pki.ts init --dir "$(pki_dir "$1")" >/dev/null)
}

run_class() {
  install
  local cls=$1; shift
  java $KAFKA_HEAP_OPTS -cp "$LIBS/*" -Dlog4j.configuration="file:$here/log4j.properties" \
    -Dkafka.logs.dir="${KAFKA_LOGS_DIR:-/tmp}" "$cls" "$@"
}

is_running() {
  local dir; dir=$(instance_dir "$1")
  [ -f "$dir/pid" ] && kill -0 "$(cat "$dir/pid")" 2>/dev/null
}

port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

start() {
  local name=${1:-local} port=${2:-19094}
  local dir; dir=$(instance_dir "$name")
  install
  ensure_pki "$name"
  if is_running "$name"; then log "$name already running on $(cat "$dir/port")"; return 0; fi
  if port_open "$port"; then log "port $port is taken by another process"; exit 1; fi
  mkdir -p "$dir"
  sed -e "s|@PORT@|$port|g" -e "s|@ADVERTISED_PORT@|${PES_KAFKA_ADVERTISED_PORT:-$port}|g" -e "s|@CONTROLLER_PORT@|$((port + 1))|g" -e "s|@DATA_DIR@|$dir|g" -e "s|@PKI_DIR@|$(pki_dir "$name")|g" \
    "$here/server.properties.tmpl" >"$dir/server.properties"
  if [ ! -f "$dir/log/meta.properties" ]; then
    local cluster_id; cluster_id=$(KAFKA_LOGS_DIR=$dir run_class kafka.tools.StorageTool random-uuid)
    KAFKA_LOGS_DIR=$dir run_class kafka.tools.StorageTool format -t "$cluster_id" -c "$dir/server.properties" >/dev/null
  fi
  echo "$port" >"$dir/port"
  # A session of its own: a Ctrl-C at the terminal reaches the services, not the broker they are
  # still leaving; whoever started it stops it afterwards (kafka.sh stop).
  KAFKA_LOGS_DIR=$dir setsid nohup java $KAFKA_HEAP_OPTS -XX:+UseG1GC -cp "$LIBS/*" \
    -Dlog4j.configuration="file:$here/log4j.properties" -Dkafka.logs.dir="$dir" \
    kafka.Kafka "$dir/server.properties" >"$dir/stdout.log" 2>&1 &
  echo $! >"$dir/pid"
  local deadline=$((SECONDS + 90))
  until grep -q "Kafka Server started\|\[BrokerServer id=1\] Transition from STARTING to STARTED" "$dir/server.log" 2>/dev/null && port_open "$port"; do
    if ! is_running "$name"; then log "broker $name died; see $dir/server.log and $dir/stdout.log"; tail -20 "$dir/stdout.log" >&2; exit 1; fi
    if [ $SECONDS -ge $deadline ]; then log "broker $name not ready after 90 s"; exit 1; fi
    sleep 0.5
  done
  log "$name ready on 127.0.0.1:$port (pid $(cat "$dir/pid"), data $dir)"
}

stop() {
  local name=${1:-local}
  local dir; dir=$(instance_dir "$name")
  is_running "$name" || { rm -f "$dir/pid"; return 0; }
  local pid; pid=$(cat "$dir/pid")
  kill "$pid"
  local deadline=$((SECONDS + 60))
  while kill -0 "$pid" 2>/dev/null; do
    if [ $SECONDS -ge $deadline ]; then log "broker $name ignored SIGTERM; killing"; kill -9 "$pid"; fi
    sleep 0.2
  done
  rm -f "$dir/pid"
  log "$name stopped"
}

destroy() { stop "${1:-local}"; rm -rf "$(instance_dir "${1:-local}")" "$PES_CACHE/pki/${1:-local}"; }

cmd=${1:-}; shift || true
case "$cmd" in
  install) install ;;
  start) start "$@" ;;
  stop) stop "$@" ;;
  destroy) destroy "$@" ;;
  status) is_running "${1:-local}" ;;
  pki) ensure_pki "${1:-local}"; pki_dir "${1:-local}" ;;
  class) run_class "$@" ;;
  *) echo "usage: kafka.sh install|start [NAME PORT]|stop [NAME]|destroy [NAME]|status [NAME]|pki [NAME]|class CLASS ARGS" >&2; exit 2 ;;
esac
