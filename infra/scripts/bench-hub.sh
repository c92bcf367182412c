#!/usr/bin/env bash
# pnpm bench:hub [N]: a province-sized year through Kafka into the hub, and the indicator table's answer time.
# Without KAFKA_BROKERS it runs on a broker of its own ("bench-hub", 127.0.0.1:19392), fresh each time
# and removed afterwards: the year is gigabytes of log that nothing else needs. Secured like every
# broker kafka.sh starts (mutual TLS, ACLs); the bench connects as pes-admin.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_node
ensure_workspace
ensure_test_postgres
if [ -z "${KAFKA_BROKERS:-}" ]; then
  bench_dir="$PES_CACHE/kafka-instances/bench-hub"
  bench_pki="$PES_CACHE/pki/bench-hub"
  bash "$ROOT/infra/kafka/kafka.sh" stop bench-hub 2>/dev/null || true
  rm -rf "$bench_dir" "$bench_pki"
  bash "$ROOT/infra/kafka/kafka.sh" start bench-hub 19392
  trap 'bash "$ROOT/infra/kafka/kafka.sh" stop bench-hub; rm -rf "$bench_dir" "$bench_pki"' EXIT
  export KAFKA_BROKERS=127.0.0.1:19392 PES_PKI_DIR=$bench_pki KAFKA_CREDENTIALS=$bench_pki/pes-admin
fi
cd "$ROOT/apps/province-hub"
node --max-old-space-size=4096 --import tsx bench/hub-bench.ts "$@"
