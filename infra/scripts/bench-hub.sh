#!/usr/bin/env bash
# pnpm bench:hub [N]: a province-sized year through Kafka into the hub, and the indicator table's answer time.
# Without KAFKA_BROKERS it runs on a broker of its own ("bench-hub", 127.0.0.1:19392), fresh each time
# and removed afterwards: the year is gigabytes of log that nothing else needs.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_node
ensure_workspace
ensure_test_postgres
if [ -z "${KAFKA_BROKERS:-}" ]; then
  bench_dir="$PES_CACHE/kafka-instances/bench-hub"
  bash "$ROOT/infra/kafka/kafka.sh" stop bench-hub 2>/dev/null || true
  rm -rf "$bench_dir"
  bash "$ROOT/infra/kafka/kafka.sh" start bench-hub 19392
  trap 'bash "$ROOT/infra/kafka/kafka.sh" stop bench-hub; rm -rf "$bench_dir"' EXIT
  export KAFKA_BROKERS=127.0.0.1:19392
fi
cd "$ROOT/apps/province-hub"
node --max-old-space-size=4096 --import tsx bench/hub-bench.ts "$@"
