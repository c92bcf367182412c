#!/usr/bin/env bash
# pnpm bench:sync [N]: outbox → Kafka → consumer → PostgreSQL, against the broker's and PostgreSQL's own ceilings.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_node
ensure_workspace
ensure_test_postgres
ensure_kafka
trap stop_kafka_if_started EXIT
cd "$ROOT/packages/sync"
"${PNPM[@]}" exec tsx bench/sync-bench.ts "$@"
