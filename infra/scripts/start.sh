#!/usr/bin/env bash
# pnpm start [--no-demo]: the whole platform on this machine (broker, hub, three city nodes, gig market, demo traffic). Ctrl-C stops it.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_workspace
ensure_kafka
trap stop_kafka_if_started EXIT
cd "$ROOT"
"${PNPM[@]}" exec tsx infra/scripts/platform.ts "$@"
