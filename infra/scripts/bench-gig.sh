#!/usr/bin/env bash
# pnpm bench:gig [--seconds 30] [--concurrency 16]: the gig market's HTTP API under a mixed load from a
# separate process, with the hub as the voucher authority, each service its own process and database.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_node
ensure_workspace
ensure_test_postgres
ensure_kafka
trap stop_kafka_if_started EXIT
cd "$ROOT/tests/platform"
node --import tsx bench/gig-bench.ts "$@"
