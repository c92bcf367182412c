#!/usr/bin/env bash
# pnpm bench:city [--records N] [--batch 5000] [--concurrency 4] [--seed 2025] [--hub-during]: a
# Xiamen-sized city-year (1,000,000 records by default) through POST /v1/batches into a city node,
# then the hub; each service its own process and database. Without KAFKA_BROKERS it runs on a broker
# of its own ("bench-city", 127.0.0.1:19396), fresh each time and removed afterwards: the year is
# gigabytes of sealed records that nothing else needs. Secured like every broker kafka.sh starts.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_node
ensure_workspace
ensure_test_postgres
if [ -z "${KAFKA_BROKERS:-}" ]; then
  bench_dir="$PES_CACHE/kafka-instances/bench-city"
  bench_pki="$PES_CACHE/pki/bench-city"
  bash "$ROOT/infra/kafka/kafka.sh" stop bench-city 2>/dev/null || true
  rm -rf "$bench_dir" "$bench_pki"
  bash "$ROOT/infra/kafka/kafka.sh" start bench-city 19396
  trap 'bash "$ROOT/infra/kafka/kafka.sh" stop bench-city; rm -rf "$bench_dir" "$bench_pki"' EXIT
  export KAFKA_BROKERS=127.0.0.1:19396 PES_PKI_DIR=$bench_pki KAFKA_CREDENTIALS=$bench_pki/pes-admin
fi
cd "$ROOT/tests/platform"
node --max-old-space-size=4096 --import tsx bench/city-bench.ts "$@"
