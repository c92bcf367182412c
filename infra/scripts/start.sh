#!/usr/bin/env bash
# pnpm start [--no-demo]: the whole platform on this machine (broker, hub, three city nodes, gig market, demo traffic). Ctrl-C stops it.
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_node
ensure_workspace
ensure_kafka
trap stop_kafka_if_started EXIT
cd "$ROOT"
# node itself, not through pnpm: pnpm exits at once on Ctrl-C, and the trap would stop the broker
# while the services are still leaving it. bash runs the trap once node has stopped them all.
node --import tsx infra/scripts/platform.ts "$@"
