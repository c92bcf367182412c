#!/usr/bin/env bash
# pnpm test: every check and every test, against the real Kafka broker and the real PostgreSQL.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_node
ensure_workspace
ensure_test_postgres
ensure_chromium
ensure_kafka
trap stop_kafka_if_started EXIT

cd "$ROOT"
say "lint (biome)"
"${PNPM[@]}" exec biome check .
say "layer rules (dependency-cruiser, .dependency-cruiser.cjs)"
"${PNPM[@]}" exec depcruise --config .dependency-cruiser.cjs --output-type err apps packages infra tests
say "typecheck and test (turbo)"
export PES_LOG_LEVEL=${PES_LOG_LEVEL:-warn}
find apps packages infra tests -path '*/test-results/vitest.json' -delete
status=0
# --continue: one package failing must not hide how the others fare (the summary lists them all).
"${PNPM[@]}" exec turbo run typecheck test --concurrency=2 --continue --output-logs=full "$@" || status=$?
say "summary"
node infra/scripts/test-summary.mjs "$@" || status=1
exit "$status"
