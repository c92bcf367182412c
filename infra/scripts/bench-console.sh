#!/usr/bin/env bash
# pnpm bench:console [--runs 10] [--cpu 4]: the console's pages in headless Chromium, against the
# platform `pnpm start` is running (start it first, in another terminal).
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
ensure_node
ensure_workspace
ensure_chromium
cd "$ROOT/infra/demo"
"${PNPM[@]}" exec tsx bench/console.ts "$@"
